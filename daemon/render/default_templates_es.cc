// Implementation details: Spanish texts written for caregivers, addressed as "usted", after
// the same guide examples as the English ones but not translated word for word. They avoid
// words that change with the student's gender ("enfermo/enferma", "hijo/hija") by wording
// around them ("si se enferma", "su estudiante"). Spanish needs letters outside GSM-7 (í, ó),
// so SMS goes as UCS-2 with 67 characters per segment: the SMS texts are the tersest, and the
// recurring one gives the period's count only (as the guide's example 2 does), not the total.

#include "render/default_templates.h"

namespace nudged {
namespace {

constexpr std::string_view kSmsInitial =
    "{{school_name}}: {{first_name}} ha faltado {{absences_total}} a clases este año. "
    "{{#average}}El promedio es {{average_days}}. {{/average}}{{#goal}}Meta: no más de "
    "{{goal_days}} el próximo mes. {{/goal}}Cada día cuenta. {{#illness_note}}Si se enferma, "
    "que se quede en casa. {{/illness_note}}¿Dudas? Llame al {{school_phone}}";

constexpr std::string_view kSmsRecurring =
    "{{school_name}}: {{first_name}} ha faltado {{absences_period}} desde el {{period_start}}. "
    "{{#average}}El promedio es {{average_days}}. {{/average}}"
    "{{#goal}}Meta: no más de {{goal_days}} el próximo mes. {{/goal}}Cada día cuenta. "
    "{{#illness_note}}Si se enferma, que se quede en casa. {{/illness_note}}¿Dudas? Llame al "
    "{{school_phone}}";

constexpr std::string_view kSmsPraise =
    "{{school_name}}: ¡Gracias! {{#perfect}}{{first_name}} ha venido a clases todos los días "
    "desde el {{period_start}}.{{/perfect}}{{^perfect}}{{first_name}} solo ha faltado "
    "{{absences_period}} desde el {{period_start}}.{{/perfect}} Estamos orgullosos. ¡Sigan "
    "así!";

constexpr std::string_view kVoiceInitial =
    "Hola, este es un mensaje de {{#sender}}{{signature}}, de {{/sender}}{{school_name}}, "
    "sobre la asistencia de {{first_name}}. Venir a clases con regularidad es fundamental "
    "para el aprendizaje y el futuro de su estudiante. Desde el inicio del año escolar, "
    "{{first_name}} ha faltado {{absences_total}} a clases. {{#average}}El promedio en "
    "{{average_place}} es de {{average_days}}. {{/average}}{{#goal}}Le proponemos una meta: "
    "que {{first_name}} no falte más de {{goal_days}} el próximo mes. {{/goal}}"
    "{{#illness_note}}Las faltas por enfermedad también cuentan; si {{first_name}} se "
    "enferma, por favor, que se quede en casa. {{/illness_note}}Si desea hablar sobre la "
    "asistencia de su estudiante, llámenos al {{school_phone}}. Le repito el número: "
    "{{school_phone}}. Muchas gracias.";

constexpr std::string_view kVoiceRecurring =
    "Hola, este es un mensaje de {{#sender}}{{signature}}, de {{/sender}}{{school_name}}, "
    "sobre la asistencia de {{first_name}}. Desde el {{period_start}}, {{first_name}} ha "
    "faltado {{absences_period}} a clases, y {{absences_total}} en lo que va del año escolar. "
    "{{#average}}En el mismo tiempo, el promedio en {{average_place}} es de {{average_days}}. "
    "{{/average}}{{#goal}}Le proponemos una meta: que {{first_name}} no falte más de "
    "{{goal_days}} el próximo mes. {{/goal}}Venir a clases con regularidad es fundamental para "
    "el aprendizaje y el futuro de su estudiante. {{#illness_note}}Las faltas por enfermedad "
    "también cuentan; si {{first_name}} se enferma, por favor, que se quede en casa. "
    "{{/illness_note}}Si desea hablar sobre la asistencia de su estudiante, llámenos al "
    "{{school_phone}}. Le repito el número: {{school_phone}}. Muchas gracias.";

constexpr std::string_view kVoicePraise =
    "Hola, este es un mensaje de {{#sender}}{{signature}}, de {{/sender}}{{school_name}}. "
    "{{#perfect}}Quiero agradecer personalmente a {{first_name}} por venir a clases todos los "
    "días desde el {{period_start}}.{{/perfect}}{{^perfect}}Quiero agradecer personalmente a "
    "{{first_name}} por su excelente asistencia desde el {{period_start}}: solo ha faltado "
    "{{absences_period}}.{{/perfect}} Estamos muy orgullosos del esfuerzo de {{first_name}} y "
    "de su participación en clase. Asistir a clases es importante para su aprendizaje y su "
    "futuro. Gracias por apoyar y animar a {{first_name}}.";

constexpr std::string_view kEmailInitial =
    R"(Subject: La asistencia de {{first_name}} en {{school_name}}

Estimada familia de {{first_name}}:

Le escribimos para informarle sobre la asistencia a clases de {{first_name}}. Venir a clases con regularidad es la clave del aprendizaje y del futuro de su estudiante.

Desde el inicio del año escolar, {{first_name}} ha faltado {{absences_total}} a clases.{{#average}} En el mismo tiempo, el promedio de faltas por estudiante en {{average_place}} es de {{average_days}}.{{/average}}

{{#goal}}
Le invitamos a ponerse una meta con {{first_name}}: no faltar más de {{goal_days}} el próximo mes.

{{/goal}}
{{#illness_note}}
Las faltas por enfermedad también cuentan. Si {{first_name}} se enferma, por favor, que se quede en casa y avísenos.

{{/illness_note}}
Si tiene preguntas o necesita apoyo con la asistencia de su estudiante, comuníquese con {{school_name}} al {{school_phone}}. Gracias por colaborar con nosotros en la educación de su estudiante.

Atentamente,
{{#sender}}
{{signature}}
{{/sender}}
{{school_name}}
)";

constexpr std::string_view kEmailRecurring =
    R"(Subject: La asistencia de {{first_name}} desde el {{period_start}}

Estimada familia de {{first_name}}:

Le escribimos con noticias sobre la asistencia a clases de {{first_name}}. Desde el {{period_start}}, {{first_name}} ha faltado {{absences_period}} a clases, y {{absences_total}} desde el inicio del año escolar.{{#average}} En el mismo tiempo, el promedio de faltas por estudiante en {{average_place}} es de {{average_days}}.{{/average}}

Venir a clases con regularidad es la clave del aprendizaje y del futuro de su estudiante.

{{#goal}}
Le invitamos a ponerse una meta con {{first_name}}: no faltar más de {{goal_days}} el próximo mes.

{{/goal}}
{{#illness_note}}
Las faltas por enfermedad también cuentan. Si {{first_name}} se enferma, por favor, que se quede en casa y avísenos.

{{/illness_note}}
Si tiene preguntas o necesita apoyo con la asistencia de su estudiante, comuníquese con {{school_name}} al {{school_phone}}. Gracias por colaborar con nosotros en la educación de su estudiante.

Atentamente,
{{#sender}}
{{signature}}
{{/sender}}
{{school_name}}
)";

constexpr std::string_view kEmailPraise =
    R"(Subject: Gracias por la excelente asistencia de {{first_name}}

Estimada familia de {{first_name}}:

{{#perfect}}Quiero agradecer personalmente a {{first_name}} por venir a clases todos los días desde el {{period_start}}.{{/perfect}}{{^perfect}}Quiero agradecer personalmente a {{first_name}} por su excelente asistencia desde el {{period_start}}: solo ha faltado {{absences_period}}.{{/perfect}}

Estamos muy orgullosos del esfuerzo de {{first_name}} y de su participación en clase. Como sabemos, asistir a clases es importante para el aprendizaje y el futuro de su estudiante. Gracias por apoyar y animar a {{first_name}}.

Atentamente,
{{#sender}}
{{signature}}
{{/sender}}
{{school_name}}
)";

constexpr std::string_view kLetterInitial = R"(Estimada familia de {{first_name}}:

Le escribimos para informarle sobre la asistencia a clases de su estudiante. Venir a clases con regularidad es la clave del aprendizaje y del futuro de su estudiante.

Desde el inicio del año escolar, {{first_name}} ha faltado {{absences_total}} a clases.{{#average}} En el mismo tiempo, el promedio de faltas por estudiante en {{average_place}} es de {{average_days}}.{{/average}}

{{#goal}}
Le invitamos a ponerse una meta realista con {{first_name}}: no faltar más de {{goal_days}} el próximo mes.

{{/goal}}
{{#illness_note}}
Las faltas por enfermedad también cuentan. Si {{first_name}} se enferma, por favor, que se quede en casa y llame a la escuela; le ayudaremos a ponerse al día.

{{/illness_note}}
Si tiene preguntas o necesita apoyo con la asistencia de su estudiante, comuníquese con {{school_name}} al {{school_phone}}. Nos importa la educación de su estudiante y la salud y seguridad de su familia y de toda nuestra comunidad. Nuestro equipo de directores, secretarios, consejeros escolares y trabajadores sociales está listo para ayudarle. Gracias por colaborar con nosotros en la educación de su estudiante.

Atentamente,

{{#sender}}
{{signature}}
{{/sender}}
{{school_name}}
{{district_name}}
)";

constexpr std::string_view kLetterRecurring = R"(Estimada familia de {{first_name}}:

Le escribimos con noticias sobre la asistencia a clases de su estudiante. Desde el {{period_start}}, {{first_name}} ha faltado {{absences_period}} a clases. Desde el inicio del año escolar, ha faltado {{absences_total}}.{{#average}} En el mismo tiempo, el promedio de faltas por estudiante en {{average_place}} es de {{average_days}}.{{/average}}

Venir a clases con regularidad es la clave del aprendizaje y del futuro de su estudiante.

{{#goal}}
Le invitamos a ponerse una meta realista con {{first_name}}: no faltar más de {{goal_days}} el próximo mes.

{{/goal}}
{{#illness_note}}
Las faltas por enfermedad también cuentan. Si {{first_name}} se enferma, por favor, que se quede en casa y llame a la escuela; le ayudaremos a ponerse al día.

{{/illness_note}}
Si tiene preguntas o necesita apoyo con la asistencia de su estudiante, comuníquese con {{school_name}} al {{school_phone}}. Nos importa la educación de su estudiante y la salud y seguridad de su familia y de toda nuestra comunidad. Nuestro equipo de directores, secretarios, consejeros escolares y trabajadores sociales está listo para ayudarle. Gracias por colaborar con nosotros en la educación de su estudiante.

Atentamente,

{{#sender}}
{{signature}}
{{/sender}}
{{school_name}}
{{district_name}}
)";

constexpr std::string_view kLetterPraise = R"(Estimada familia de {{first_name}}:

{{#perfect}}Quiero agradecer personalmente a {{first_name}} por venir a clases todos los días desde el {{period_start}}.{{/perfect}}{{^perfect}}Quiero agradecer personalmente a {{first_name}} por su excelente asistencia desde el {{period_start}}: solo ha faltado {{absences_period}}.{{/perfect}}

Estamos muy orgullosos del esfuerzo de {{first_name}} y de su participación en clase. Como sabemos, asistir a clases es importante para el aprendizaje y el futuro de su estudiante. Gracias por apoyar y animar a {{first_name}}.

Si en algún momento podemos ayudar a su estudiante, comuníquese con {{school_name}} al {{school_phone}}.

Atentamente,

{{#sender}}
{{signature}}
{{/sender}}
{{school_name}}
{{district_name}}
)";

}  // namespace

const DefaultTemplateTable kSpanishTemplates = {{
    {kSmsInitial, kSmsRecurring, kSmsPraise},
    {kVoiceInitial, kVoiceRecurring, kVoicePraise},
    {kEmailInitial, kEmailRecurring, kEmailPraise},
    {kLetterInitial, kLetterRecurring, kLetterPraise},
}};

}  // namespace nudged
