// Implementation details: English texts after the guide's examples 1 (initial, with a goal),
// 2 (recurring, with the average) and 3 (praise), and its email/letter sample. SMS texts stay
// within GSM-7 and about two segments with typical names; voice texts avoid anything a
// text-to-speech voice would misread (the phone number is spelled out by the values) and
// repeat the number; letters are the fullest. Sections sit on lines of their own in the
// email and letter texts so that, when off, they leave no blank line behind.

#include "render/default_templates.h"

namespace nudged {
namespace {

constexpr std::string_view kSmsInitial =
    "{{school_name}}: {{first_name}} has missed {{absences_total}} of school since the year "
    "began. {{#average}}The average at {{average_place}} is {{average_days}}. {{/average}}"
    "{{#goal}}Let's aim for no more than {{goal_days}} next month. {{/goal}}Every day in "
    "school counts. {{#illness_note}}Sick days count too; keep {{first_name}} home when ill. "
    "{{/illness_note}}Questions? Call {{school_phone}}";

constexpr std::string_view kSmsRecurring =
    "{{school_name}}: {{first_name}} has missed {{absences_period}} of school since "
    "{{period_start}}, {{absences_total}} this year. {{#average}}The average at "
    "{{average_place}} is {{average_days}}. {{/average}}{{#goal}}Let's aim for no more than "
    "{{goal_days}} next month. {{/goal}}Every day in school counts. {{#illness_note}}Sick days "
    "count too; keep {{first_name}} home when ill. {{/illness_note}}Questions? Call "
    "{{school_phone}}";

constexpr std::string_view kSmsPraise =
    "{{school_name}}: Thank you! {{#perfect}}{{first_name}} has been in school every day "
    "since {{period_start}}.{{/perfect}}{{^perfect}}{{first_name}} has missed just "
    "{{absences_period}} since {{period_start}}.{{/perfect}} We are proud of {{first_name}}. "
    "Keep it up!";

constexpr std::string_view kVoiceInitial =
    "Hello, this is {{#sender}}{{signature}}, from {{/sender}}{{school_name}}, with a message "
    "about {{first_name}}'s attendance. Consistently being in school is important for your "
    "student's learning and future success. Since the beginning of the school year, "
    "{{first_name}} has missed {{absences_total}} of school. {{#average}}The average at "
    "{{average_place}} is {{average_days}}. {{/average}}{{#goal}}Please set a goal for "
    "{{first_name}} to miss no more than {{goal_days}} in the next month. {{/goal}}"
    "{{#illness_note}}Absences for illness count too, and if {{first_name}} is sick, please "
    "keep your student at home. {{/illness_note}}Please call us at {{school_phone}} if you "
    "would like to discuss your student's attendance. Again, our number is {{school_phone}}. "
    "Thank you.";

constexpr std::string_view kVoiceRecurring =
    "Hello, this is {{#sender}}{{signature}}, from {{/sender}}{{school_name}}, with a message "
    "about {{first_name}}'s attendance. Since {{period_start}}, {{first_name}} has missed "
    "{{absences_period}} of school, and {{absences_total}} this school year. {{#average}}The "
    "average number of days missed at {{average_place}} in the same time is {{average_days}}. "
    "{{/average}}{{#goal}}Please set a goal for {{first_name}} to miss no more than "
    "{{goal_days}} in the next month. {{/goal}}Consistently being in school is important for "
    "your student's learning and future success. {{#illness_note}}Absences for illness count "
    "too, and if {{first_name}} is sick, please keep your student at home. {{/illness_note}}"
    "Please call us at {{school_phone}} if you would like to discuss your student's "
    "attendance. Again, our number is {{school_phone}}. Thank you.";

constexpr std::string_view kVoicePraise =
    "Hello, this is {{#sender}}{{signature}}, from {{/sender}}{{school_name}}. "
    "{{#perfect}}I want to personally thank {{first_name}} for attending school every day "
    "since {{period_start}}!{{/perfect}}{{^perfect}}I want to personally thank {{first_name}} "
    "for such strong attendance since {{period_start}}, missing just {{absences_period}}!"
    "{{/perfect}} We are so proud of {{first_name}} for working so hard and taking part in "
    "learning. Being in school is important for your child's learning and future success. "
    "Thank you for supporting and encouraging {{first_name}}.";

constexpr std::string_view kEmailInitial =
    R"(Subject: {{first_name}}'s attendance at {{school_name}}

Dear Caregiver of {{first_name}},

We are writing to keep you informed about {{first_name}}'s school attendance. Consistently being in school is the key to your student's learning and future success.

Since the beginning of the school year, {{first_name}} has missed {{absences_total}} of school.{{#average}} The average number of days missed by a student at {{average_place}} in the same time is {{average_days}}.{{/average}}

{{#goal}}
We invite you to set a goal with {{first_name}}: miss no more than {{goal_days}} of school in the next month.

{{/goal}}
{{#illness_note}}
Absences for illness count too. If {{first_name}} is sick, please keep your student at home and let us know.

{{/illness_note}}
Please contact {{school_name}} at {{school_phone}} if you have any questions or need support with your student's attendance. Thank you for partnering with us in your student's education.

{{#sender}}
{{signature}}
{{/sender}}
{{school_name}}
)";

constexpr std::string_view kEmailRecurring =
    R"(Subject: {{first_name}}'s attendance at {{school_name}} since {{period_start}}

Dear Caregiver of {{first_name}},

Here is an update on {{first_name}}'s school attendance. Since {{period_start}}, {{first_name}} has missed {{absences_period}} of school, and {{absences_total}} since the beginning of the school year.{{#average}} The average number of days missed by a student at {{average_place}} since {{period_start}} is {{average_days}}.{{/average}}

Consistently being in school is the key to your student's learning and future success.

{{#goal}}
We invite you to set a goal with {{first_name}}: miss no more than {{goal_days}} of school in the next month.

{{/goal}}
{{#illness_note}}
Absences for illness count too. If {{first_name}} is sick, please keep your student at home and let us know.

{{/illness_note}}
Please contact {{school_name}} at {{school_phone}} if you have any questions or need support with your student's attendance. Thank you for partnering with us in your student's education.

{{#sender}}
{{signature}}
{{/sender}}
{{school_name}}
)";

constexpr std::string_view kEmailPraise =
    R"(Subject: Thank you for {{first_name}}'s great attendance

Dear Caregiver of {{first_name}},

{{#perfect}}I want to personally thank {{first_name}} for attending school every day since {{period_start}}!{{/perfect}}{{^perfect}}I want to personally thank {{first_name}} for such strong attendance since {{period_start}}, missing just {{absences_period}}!{{/perfect}}

We are so proud of {{first_name}} for working so hard and taking part in learning. As we know, being in school is important for your child's learning and future success. Thank you for supporting and encouraging {{first_name}}.

{{#sender}}
{{signature}}
{{/sender}}
{{school_name}}
)";

constexpr std::string_view kLetterInitial = R"(Dear Caregiver of {{first_name}},

This letter is to inform you of your student's school attendance. Consistently being in school is the key to your student's learning and future success.

Since the beginning of the school year, your student, {{first_name}}, has missed {{absences_total}} of school.{{#average}} The average number of days missed by a student at {{average_place}} in the same time is {{average_days}}.{{/average}}

{{#goal}}
We invite you to set a realistic goal with {{first_name}}: to miss no more than {{goal_days}} of school in the next month.

{{/goal}}
{{#illness_note}}
Absences for illness count too. If {{first_name}} is sick, please keep your student at home and call the school; we will help your student catch up.

{{/illness_note}}
Please contact {{school_name}} at {{school_phone}} if you have any questions or need support with your student's school attendance. We care about educating your student and keeping you, your family, and our community safe and healthy. We have principals, secretaries, school counselors, and social workers ready to provide assistance. Thank you for partnering with us in your student's education.

Sincerely,

{{#sender}}
{{signature}}
{{/sender}}
{{school_name}}
{{district_name}}
)";

constexpr std::string_view kLetterRecurring = R"(Dear Caregiver of {{first_name}},

This letter is to update you on your student's school attendance. Since {{period_start}}, your student, {{first_name}}, has missed {{absences_period}} of school. Since the beginning of the school year, {{first_name}} has missed {{absences_total}}.{{#average}} The average number of days missed by a student at {{average_place}} since {{period_start}} is {{average_days}}.{{/average}}

Consistently being in school is the key to your student's learning and future success.

{{#goal}}
We invite you to set a realistic goal with {{first_name}}: to miss no more than {{goal_days}} of school in the next month.

{{/goal}}
{{#illness_note}}
Absences for illness count too. If {{first_name}} is sick, please keep your student at home and call the school; we will help your student catch up.

{{/illness_note}}
Please contact {{school_name}} at {{school_phone}} if you have any questions or need support with your student's school attendance. We care about educating your student and keeping you, your family, and our community safe and healthy. We have principals, secretaries, school counselors, and social workers ready to provide assistance. Thank you for partnering with us in your student's education.

Sincerely,

{{#sender}}
{{signature}}
{{/sender}}
{{school_name}}
{{district_name}}
)";

constexpr std::string_view kLetterPraise = R"(Dear Caregiver of {{first_name}},

{{#perfect}}I want to personally thank {{first_name}} for attending school every day since {{period_start}}!{{/perfect}}{{^perfect}}I want to personally thank {{first_name}} for such strong attendance since {{period_start}}, missing just {{absences_period}} of school!{{/perfect}}

We are so proud of {{first_name}} for working so hard and taking part in learning. As we know, staying engaged in school is important for your child's learning and future success. Thank you for supporting and encouraging {{first_name}}.

If there is ever anything we can do to support your student, please contact {{school_name}} at {{school_phone}}.

Sincerely,

{{#sender}}
{{signature}}
{{/sender}}
{{school_name}}
{{district_name}}
)";

}  // namespace

const DefaultTemplateTable kEnglishTemplates = {{
    {kSmsInitial, kSmsRecurring, kSmsPraise},
    {kVoiceInitial, kVoiceRecurring, kVoicePraise},
    {kEmailInitial, kEmailRecurring, kEmailPraise},
    {kLetterInitial, kLetterRecurring, kLetterPraise},
}};

}  // namespace nudged
