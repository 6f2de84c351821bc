-- The SIS mirror contract: the tables a district fills from its student information system and
-- nudged only reads. Names and meanings follow Ed-Fi Data Standard 5 (the entity each table
-- mirrors is named in its comment) so an Ed-Fi ODS can be mapped onto it with plain views.
--
-- No name in this file is schema-qualified: whoever runs it sets search_path to the mirror schema
-- first (default "sis", configurable as [database] sis_schema), so one file serves any schema name.
--
-- Descriptor-valued columns hold the descriptor's code value without its namespace, e.g.
-- "Excused Absence" for uri://ed-fi.org/AttendanceEventCategoryDescriptor#Excused Absence.
--
-- Every data table carries "synthetic": true when a loader or generator made the row up rather
-- than copying it from a real SIS. Where a real row has single columns supplied by a loader, a
-- "<column>_synthetic" flag says so. nudged treats synthetic data like real data; the flags exist so
-- that nobody mistakes a test fixture for a district's records and so reports can say what was real.
--
-- Scale: a state mirror holds 1-3 million students and tens of millions of attendance events.
-- The keys and indexes below serve set-based aggregation (one pass over the events of a date range,
-- grouped by student), never per-student lookups in a loop.

CREATE TABLE school (
  school_id bigint PRIMARY KEY,
  name text NOT NULL CHECK (name <> ''),
  short_name text,
  local_education_agency_id bigint,
  synthetic boolean NOT NULL DEFAULT false
);
COMMENT ON TABLE school IS
  'Ed-Fi School. One row per school whose students nudged may message.';
COMMENT ON COLUMN school.school_id IS
  'Ed-Fi SchoolId. Matches [[schools]] id in the nudged configuration; nudged groups averages and '
  'audiences by it.';
COMMENT ON COLUMN school.name IS
  'Ed-Fi NameOfInstitution. Shown to staff in previews; messages use the configured school name.';
COMMENT ON COLUMN school.short_name IS
  'Ed-Fi ShortNameOfInstitution, NULL when the SIS has none. Used in short SMS texts when set.';
COMMENT ON COLUMN school.local_education_agency_id IS
  'Ed-Fi LocalEducationAgencyId of the district the school belongs to. A state-wide mirror holds '
  'many districts; nudged computes district averages per value.';
COMMENT ON COLUMN school.synthetic IS
  'True when a loader or generator made this row up; false for rows copied from a real SIS.';

CREATE TABLE student (
  student_id text PRIMARY KEY CHECK (student_id <> ''),
  first_name text NOT NULL CHECK (first_name <> ''),
  preferred_first_name text,
  last_surname text NOT NULL,
  synthetic boolean NOT NULL DEFAULT false
);
COMMENT ON TABLE student IS
  'Ed-Fi Student, reduced to what a message needs: nudged mirrors no birth dates, demographics or '
  'programs because it never uses them.';
COMMENT ON COLUMN student.student_id IS
  'Ed-Fi StudentUniqueId. nudged keys its outbox, cadence and experiment rows by it.';
COMMENT ON COLUMN student.first_name IS
  'Ed-Fi Name/FirstName (legal first name). The message names the student with it when there is no '
  'preferred first name.';
COMMENT ON COLUMN student.preferred_first_name IS
  'Ed-Fi Name/PreferredFirstName, NULL when the SIS has none. Preferred over first_name in messages: '
  'families call the child by it.';
COMMENT ON COLUMN student.last_surname IS
  'Ed-Fi Name/LastSurname. Used in staff previews and letters, never in SMS text.';
COMMENT ON COLUMN student.synthetic IS
  'True when a loader or generator made this row up; false for rows copied from a real SIS.';

CREATE TABLE enrollment (
  student_id text NOT NULL REFERENCES student,
  school_id bigint NOT NULL REFERENCES school,
  entry_date date NOT NULL,
  exit_withdraw_date date,
  entry_grade_level text NOT NULL CHECK (entry_grade_level <> ''),
  synthetic boolean NOT NULL DEFAULT false,
  PRIMARY KEY (student_id, school_id, entry_date),
  CHECK (exit_withdraw_date >= entry_date)
);
CREATE INDEX enrollment_school_idx ON enrollment (school_id, entry_grade_level);
COMMENT ON TABLE enrollment IS
  'Ed-Fi StudentSchoolAssociation: one row per stay of a student at a school this school year. A '
  'transfer is two rows; stays of one student must not overlap (the SIS guarantees it; nudged '
  'reports overlaps as a data-quality error rather than counting a day twice).';
COMMENT ON COLUMN enrollment.student_id IS 'Ed-Fi StudentUniqueId of the enrolled student.';
COMMENT ON COLUMN enrollment.school_id IS
  'Ed-Fi SchoolId. Absences are attributed to, and averaged within, this school.';
COMMENT ON COLUMN enrollment.entry_date IS
  'Ed-Fi EntryDate: first day of enrollment. nudged counts absences and enrolled instructional '
  'days from max(entry_date, calendar first_day).';
COMMENT ON COLUMN enrollment.exit_withdraw_date IS
  'Ed-Fi ExitWithdrawDate: last day of enrollment (inclusive), NULL while still enrolled. nudged '
  'counts nothing after it and does not message a student who is not enrolled on the wave date.';
COMMENT ON COLUMN enrollment.entry_grade_level IS
  'Ed-Fi EntryGradeLevel descriptor code value, e.g. "Ninth grade". [audience] filters and the '
  'experiment''s school x grade strata use it.';
COMMENT ON COLUMN enrollment.synthetic IS
  'True when a loader or generator made this row up; false for rows copied from a real SIS.';

CREATE TABLE attendance_category (
  category text PRIMARY KEY CHECK (category <> ''),
  counts_as_absence boolean NOT NULL,
  default_duration numeric(3, 2) CHECK (default_duration > 0 AND default_duration <= 1),
  synthetic boolean NOT NULL DEFAULT false,
  CHECK (NOT counts_as_absence OR default_duration IS NOT NULL)
);
COMMENT ON TABLE attendance_category IS
  'District-editable map of Ed-Fi AttendanceEventCategoryDescriptor values to what nudged counts. '
  'Every category that appears in attendance_event must have a row (a foreign key enforces it), so '
  'a new SIS category cannot silently go uncounted.';
COMMENT ON COLUMN attendance_category.category IS
  'AttendanceEventCategoryDescriptor code value, e.g. "Excused Absence", "Tardy".';
COMMENT ON COLUMN attendance_category.counts_as_absence IS
  'True when events of this category are absences. Tardies and early departures are normally not.';
COMMENT ON COLUMN attendance_category.default_duration IS
  'Fraction of a day (0 < d <= 1) that an event of this category counts when its own duration is '
  'NULL, e.g. 0.5 for "Partial". Required for categories that count as absences.';
COMMENT ON COLUMN attendance_category.synthetic IS
  'True when a loader supplied this mapping rather than the district deciding it.';

CREATE TABLE attendance_event (
  student_id text NOT NULL REFERENCES student,
  event_date date NOT NULL,
  school_id bigint NOT NULL REFERENCES school,
  category text NOT NULL REFERENCES attendance_category,
  duration numeric(3, 2) CHECK (duration > 0 AND duration <= 1),
  reason text,
  synthetic boolean NOT NULL DEFAULT false,
  PRIMARY KEY (student_id, event_date, school_id, category)
);
-- The primary key serves per-student date ranges (student_id, event_date). Waves aggregate one
-- date range over all students; events arrive roughly in date order, so a BRIN index narrows that
-- scan at a tiny fraction of a B-tree's size on tens of millions of rows.
CREATE INDEX attendance_event_date_brin ON attendance_event USING brin (event_date);
COMMENT ON TABLE attendance_event IS
  'Ed-Fi StudentSchoolAttendanceEvent, daily events only (no section attendance). One student may '
  'have several events on one day (e.g. "Excused Absence" and "Partial"); nudged counts days, not '
  'events: per student and day it sums the absence durations and caps the day at 1.';
COMMENT ON COLUMN attendance_event.student_id IS 'Ed-Fi StudentUniqueId of the student.';
COMMENT ON COLUMN attendance_event.event_date IS
  'Ed-Fi EventDate (local date of the school). Events on non-instructional days are reported by the '
  'data-quality check and never counted.';
COMMENT ON COLUMN attendance_event.school_id IS
  'Ed-Fi SchoolId that recorded the event. nudged counts an event only inside an enrollment of the '
  'student at this school.';
COMMENT ON COLUMN attendance_event.category IS
  'Ed-Fi AttendanceEventCategory code value; attendance_category says whether it is an absence.';
COMMENT ON COLUMN attendance_event.duration IS
  'Ed-Fi EventDuration as a fraction of a day (1 = whole day, 0.5 = half day), NULL when the SIS '
  'recorded none; then attendance_category.default_duration applies.';
COMMENT ON COLUMN attendance_event.reason IS
  'Ed-Fi AttendanceEventReason, free text. Not used for counting; shown in data-quality reports.';
COMMENT ON COLUMN attendance_event.synthetic IS
  'True when a loader or generator made this row up; false for rows copied from a real SIS.';

CREATE TABLE contact (
  contact_id text PRIMARY KEY CHECK (contact_id <> ''),
  personal_title_prefix text,
  first_name text NOT NULL CHECK (first_name <> ''),
  preferred_first_name text,
  last_surname text NOT NULL,
  preferred_language text CHECK (preferred_language ~ '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$'),
  preferred_language_synthetic boolean NOT NULL DEFAULT false,
  synthetic boolean NOT NULL DEFAULT false
);
COMMENT ON TABLE contact IS
  'Ed-Fi Contact (called Parent before Data Standard 4): a caregiver or other adult nudged may '
  'message about one or more students.';
COMMENT ON COLUMN contact.contact_id IS
  'Ed-Fi ContactUniqueId. Students sharing a contact_id form one household for the experiment.';
COMMENT ON COLUMN contact.personal_title_prefix IS
  'Ed-Fi Name/PersonalTitlePrefix, e.g. "Ms". Used in the salutation of letters.';
COMMENT ON COLUMN contact.first_name IS 'Ed-Fi Name/FirstName. Used in letters and staff previews.';
COMMENT ON COLUMN contact.preferred_first_name IS
  'Ed-Fi Name/PreferredFirstName, NULL when none. Preferred over first_name where a name is used.';
COMMENT ON COLUMN contact.last_surname IS 'Ed-Fi Name/LastSurname. Used in letter salutations.';
COMMENT ON COLUMN contact.preferred_language IS
  'Language the contact wants messages in, as a lowercase BCP 47 tag ("en", "es", "vi"); the view '
  'over an ODS maps Ed-Fi ContactLanguage/LanguageDescriptor to it. nudged uses the template in '
  'this language when one exists, otherwise the district default; NULL means the default.';
COMMENT ON COLUMN contact.preferred_language_synthetic IS
  'True when a loader supplied preferred_language because the SIS had none.';
COMMENT ON COLUMN contact.synthetic IS
  'True when a loader or generator made this row up; false for rows copied from a real SIS.';

CREATE TABLE student_contact (
  student_id text NOT NULL REFERENCES student,
  contact_id text NOT NULL REFERENCES contact,
  relation text,
  contact_priority integer CHECK (contact_priority >= 1),
  primary_contact_status boolean,
  lives_with boolean,
  legal_guardian boolean,
  emergency_contact_status boolean,
  contact_restrictions text,
  synthetic boolean NOT NULL DEFAULT false,
  PRIMARY KEY (student_id, contact_id)
);
-- Households (students who share a contact) are found from the contact side.
CREATE INDEX student_contact_contact_idx ON student_contact (contact_id);
COMMENT ON TABLE student_contact IS
  'Ed-Fi StudentContactAssociation: which adults nudged may message about which student, and in '
  'which order.';
COMMENT ON COLUMN student_contact.student_id IS 'Ed-Fi StudentUniqueId of the student.';
COMMENT ON COLUMN student_contact.contact_id IS 'Ed-Fi ContactUniqueId of the contact.';
COMMENT ON COLUMN student_contact.relation IS
  'Ed-Fi RelationDescriptor code value, e.g. "Mother". Shown in staff previews only.';
COMMENT ON COLUMN student_contact.contact_priority IS
  'Ed-Fi ContactPriority: 1 is contacted first. nudged orders a student''s contacts by it (NULLs '
  'last), then primary_contact_status, then lives_with, and takes the first N of [contacts].';
COMMENT ON COLUMN student_contact.primary_contact_status IS
  'Ed-Fi PrimaryContactStatus. Ranks the contact ahead of others of equal priority.';
COMMENT ON COLUMN student_contact.lives_with IS
  'Ed-Fi LivesWith. Ranks the contact ahead of others of equal priority: the message is about the '
  'child''s daily attendance, which a caregiver in the household can act on.';
COMMENT ON COLUMN student_contact.legal_guardian IS
  'Ed-Fi LegalGuardian, NULL when unknown. Shown in previews; not used to exclude anyone.';
COMMENT ON COLUMN student_contact.emergency_contact_status IS
  'Ed-Fi EmergencyContactStatus. Not used for choosing recipients: an emergency contact is not '
  'necessarily a caregiver.';
COMMENT ON COLUMN student_contact.contact_restrictions IS
  'Ed-Fi ContactRestrictions, free text (e.g. a court order). nudged never messages a contact about '
  'this student when the text is not NULL or blank, and reports the skip.';
COMMENT ON COLUMN student_contact.synthetic IS
  'True when a loader or generator made this row up; false for rows copied from a real SIS.';

CREATE TABLE contact_phone (
  contact_id text NOT NULL REFERENCES contact,
  telephone_number text NOT NULL CHECK (telephone_number <> ''),
  telephone_number_type text NOT NULL,
  order_of_priority integer CHECK (order_of_priority >= 1),
  sms_capable boolean,
  sms_capable_synthetic boolean NOT NULL DEFAULT false,
  do_not_contact boolean NOT NULL DEFAULT false,
  synthetic boolean NOT NULL DEFAULT false,
  PRIMARY KEY (contact_id, telephone_number, telephone_number_type)
);
COMMENT ON TABLE contact_phone IS 'Ed-Fi ContactTelephone: the phone numbers of a contact.';
COMMENT ON COLUMN contact_phone.contact_id IS 'Ed-Fi ContactUniqueId of the contact.';
COMMENT ON COLUMN contact_phone.telephone_number IS
  'Ed-Fi TelephoneNumber exactly as the SIS stores it, e.g. "(950) 342 7522". nudged normalises it '
  'to E.164 with libphonenumber in the district''s region and skips numbers that do not validate.';
COMMENT ON COLUMN contact_phone.telephone_number_type IS
  'Ed-Fi TelephoneNumberTypeDescriptor code value, e.g. "Mobile", "Home", "Fax". nudged never '
  'calls or texts "Fax"; [contacts] says which types may get SMS.';
COMMENT ON COLUMN contact_phone.order_of_priority IS
  'Ed-Fi OrderOfPriority among the contact''s numbers: 1 is tried first; NULLs last.';
COMMENT ON COLUMN contact_phone.sms_capable IS
  'Ed-Fi TextMessageCapabilityIndicator: true when the number can receive texts, NULL when unknown. '
  'nudged sends SMS only to numbers marked true (or of a type [contacts] allows when NULL).';
COMMENT ON COLUMN contact_phone.sms_capable_synthetic IS
  'True when a loader supplied sms_capable because the SIS had no indicator.';
COMMENT ON COLUMN contact_phone.do_not_contact IS
  'District-side flag (not in Ed-Fi; many SIS have one): nudged never calls or texts this number.';
COMMENT ON COLUMN contact_phone.synthetic IS
  'True when a loader or generator made this row up; false for rows copied from a real SIS.';

CREATE TABLE contact_email (
  contact_id text NOT NULL REFERENCES contact,
  electronic_mail_address text NOT NULL CHECK (electronic_mail_address LIKE '%_@_%'),
  electronic_mail_type text NOT NULL,
  primary_email_address boolean,
  do_not_contact boolean NOT NULL DEFAULT false,
  synthetic boolean NOT NULL DEFAULT false,
  PRIMARY KEY (contact_id, electronic_mail_type, electronic_mail_address)
);
COMMENT ON TABLE contact_email IS 'Ed-Fi ContactElectronicMail: the email addresses of a contact.';
COMMENT ON COLUMN contact_email.contact_id IS 'Ed-Fi ContactUniqueId of the contact.';
COMMENT ON COLUMN contact_email.electronic_mail_address IS
  'Ed-Fi ElectronicMailAddress as stored in the SIS. The email channel sends to it.';
COMMENT ON COLUMN contact_email.electronic_mail_type IS
  'Ed-Fi ElectronicMailTypeDescriptor code value, e.g. "Home/Personal", "Work". nudged prefers '
  '"Home/Personal" over other types.';
COMMENT ON COLUMN contact_email.primary_email_address IS
  'Ed-Fi PrimaryEmailAddressIndicator, NULL when unknown. A primary address is preferred.';
COMMENT ON COLUMN contact_email.do_not_contact IS
  'District-side flag (not in Ed-Fi): nudged never emails this address.';
COMMENT ON COLUMN contact_email.synthetic IS
  'True when a loader or generator made this row up; false for rows copied from a real SIS.';

CREATE TABLE contact_address (
  contact_id text NOT NULL REFERENCES contact,
  address_type text NOT NULL,
  street_number_name text NOT NULL,
  apartment_room_suite_number text,
  city text NOT NULL,
  state_abbreviation text NOT NULL,
  postal_code text NOT NULL,
  synthetic boolean NOT NULL DEFAULT false,
  PRIMARY KEY (contact_id, address_type, street_number_name, city, state_abbreviation,
               postal_code)
);
COMMENT ON TABLE contact_address IS
  'Ed-Fi ContactAddress: postal addresses of a contact, for the letter channel.';
COMMENT ON COLUMN contact_address.contact_id IS 'Ed-Fi ContactUniqueId of the contact.';
COMMENT ON COLUMN contact_address.address_type IS
  'Ed-Fi AddressTypeDescriptor code value, e.g. "Mailing", "Home". Letters go to "Mailing", else '
  '"Home", else "Physical"; other types (Work, Billing, Temporary...) are not used.';
COMMENT ON COLUMN contact_address.street_number_name IS
  'Ed-Fi StreetNumberName, the first address line of a letter.';
COMMENT ON COLUMN contact_address.apartment_room_suite_number IS
  'Ed-Fi ApartmentRoomSuiteNumber, NULL when none; appended to the first address line.';
COMMENT ON COLUMN contact_address.city IS 'Ed-Fi City.';
COMMENT ON COLUMN contact_address.state_abbreviation IS
  'Ed-Fi StateAbbreviationDescriptor code value, e.g. "TX".';
COMMENT ON COLUMN contact_address.postal_code IS 'Ed-Fi PostalCode (ZIP or ZIP+4) as stored.';
COMMENT ON COLUMN contact_address.synthetic IS
  'True when a loader or generator made this row up; false for rows copied from a real SIS.';
