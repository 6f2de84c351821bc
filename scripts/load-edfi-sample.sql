-- psql script behind scripts/load-edfi-sample: recreates the SIS mirror schema and fills it from
-- the Ed-Fi 5.2 "Grand Bend" XML files. Expects the psql variables schema, reader, data_dir,
-- mirror_sql and role_sql, and runs inside the single transaction the wrapper opens.
--
-- Each XML file is read whole into a psql variable and parsed once into a temporary table; every
-- mirror table is then filled by one INSERT ... SELECT over XMLTABLE, so the load is set-based and
-- takes well under a second.
--
-- What the sample lacks is supplied deterministically and flagged: the same input gives the same
-- rows on every run and every PostgreSQL version, because all choices come from md5 of the ids
-- (hashtext() is not guaranteed stable across versions).

SET client_min_messages = warning;

\ir sis/recreate-schema.sql

-- A stable pseudo-random bucket in [0, n) for a key: 28 bits of its md5, always non-negative.
CREATE FUNCTION pg_temp.bucket(key text, n integer) RETURNS integer
  LANGUAGE sql IMMUTABLE STRICT
  RETURN ('x' || substr(md5(key), 1, 7))::bit(28)::integer % n;

-- Ed-Fi descriptors arrive as URIs ("uri://ed-fi.org/XDescriptor#Code value"); the mirror keeps
-- the code value.
CREATE FUNCTION pg_temp.code_value(uri text) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT
  RETURN regexp_replace(uri, '^.*#', '');

CREATE TEMP TABLE edfi_doc (name text PRIMARY KEY, doc xml NOT NULL);

\set doc `cat :'data_dir'/EducationOrganization.xml`
INSERT INTO edfi_doc VALUES ('EducationOrganization', XMLPARSE(DOCUMENT :'doc'));
\set doc `cat :'data_dir'/Student.xml`
INSERT INTO edfi_doc VALUES ('Student', XMLPARSE(DOCUMENT :'doc'));
\set doc `cat :'data_dir'/Contact.xml`
INSERT INTO edfi_doc VALUES ('Contact', XMLPARSE(DOCUMENT :'doc'));
\set doc `cat :'data_dir'/StudentSchoolAttendance.xml`
INSERT INTO edfi_doc VALUES ('StudentSchoolAttendance', XMLPARSE(DOCUMENT :'doc'));
\unset doc

-- Schools, with the district id resolved through the LocalEducationAgency element they reference.
INSERT INTO school (school_id, name, short_name, local_education_agency_id)
SELECT s.school_id, s.name, s.short_name, lea.lea_id
FROM edfi_doc d
CROSS JOIN XMLTABLE(XMLNAMESPACES('http://ed-fi.org/5.2.0' AS e),
  '/e:InterchangeEducationOrganization/e:School' PASSING d.doc
  COLUMNS school_id bigint PATH 'e:SchoolId',
          name text PATH 'e:NameOfInstitution',
          short_name text PATH 'e:ShortNameOfInstitution',
          lea_ref text PATH 'e:LocalEducationAgencyReference/@ref') s
LEFT JOIN XMLTABLE(XMLNAMESPACES('http://ed-fi.org/5.2.0' AS e),
  '/e:InterchangeEducationOrganization/e:LocalEducationAgency' PASSING d.doc
  COLUMNS element_id text PATH '@id',
          lea_id bigint PATH 'e:LocalEducationAgencyId') lea ON lea.element_id = s.lea_ref
WHERE d.name = 'EducationOrganization';

-- The grade levels each school serves, in grade order; synthetic enrollments stay inside them.
CREATE TEMP TABLE school_grade AS
SELECT g.school_id, pg_temp.code_value(g.grade_uri) AS grade_level, o.ordinal
FROM edfi_doc d
CROSS JOIN XMLTABLE(XMLNAMESPACES('http://ed-fi.org/5.2.0' AS e),
  '/e:InterchangeEducationOrganization/e:School/e:GradeLevel' PASSING d.doc
  COLUMNS school_id bigint PATH '../e:SchoolId',
          grade_uri text PATH '.') g
JOIN (VALUES ('Kindergarten', 0), ('First grade', 1), ('Second grade', 2), ('Third grade', 3),
             ('Fourth grade', 4), ('Fifth grade', 5), ('Sixth grade', 6), ('Seventh grade', 7),
             ('Eighth grade', 8), ('Ninth grade', 9), ('Tenth grade', 10),
             ('Eleventh grade', 11), ('Twelfth grade', 12))
  AS o (grade_level, ordinal) ON o.grade_level = pg_temp.code_value(g.grade_uri)
WHERE d.name = 'EducationOrganization';

INSERT INTO student (student_id, first_name, preferred_first_name, last_surname)
SELECT x.*
FROM edfi_doc d
CROSS JOIN XMLTABLE(XMLNAMESPACES('http://ed-fi.org/5.2.0' AS e),
  '/e:InterchangeStudent/e:Student' PASSING d.doc
  COLUMNS student_id text PATH 'e:StudentUniqueId',
          first_name text PATH 'e:Name/e:FirstName',
          preferred_first_name text PATH 'e:Name/e:PreferredFirstName',
          last_surname text PATH 'e:Name/e:LastSurname') x
WHERE d.name = 'Student';

-- The sample uses the four categories the shared map covers.
\ir sis/category-map.sql

INSERT INTO attendance_event (student_id, event_date, school_id, category, duration, reason)
SELECT x.student_id, x.event_date, x.school_id, pg_temp.code_value(x.category_uri), x.duration,
       x.reason
FROM edfi_doc d
CROSS JOIN XMLTABLE(XMLNAMESPACES('http://ed-fi.org/5.2.0' AS e),
  '/e:InterchangeStudentAttendance/e:StudentSchoolAttendanceEvent' PASSING d.doc
  COLUMNS student_id text PATH 'e:StudentReference/e:StudentIdentity/e:StudentUniqueId',
          school_id bigint PATH 'e:SchoolReference/e:SchoolIdentity/e:SchoolId',
          event_date date PATH 'e:AttendanceEvent/e:EventDate',
          category_uri text PATH 'e:AttendanceEvent/e:AttendanceEventCategory',
          duration numeric PATH 'e:AttendanceEvent/e:EventDuration',
          reason text PATH 'e:AttendanceEvent/e:AttendanceEventReason') x
WHERE d.name = 'StudentSchoolAttendance';

-- Contacts are real; the sample has no languages, so one is supplied per contact: mostly English,
-- about a fifth Spanish, and a few Vietnamese so that a language without a template occurs.
INSERT INTO contact (contact_id, personal_title_prefix, first_name, preferred_first_name,
                     last_surname, preferred_language, preferred_language_synthetic)
SELECT x.contact_id, x.personal_title_prefix, x.first_name, x.preferred_first_name, x.last_surname,
       COALESCE(x.language_code, CASE
         WHEN pg_temp.bucket(x.contact_id || ':language', 100) < 20 THEN 'es'
         WHEN pg_temp.bucket(x.contact_id || ':language', 100) < 23 THEN 'vi'
         ELSE 'en' END),
       x.language_code IS NULL
FROM edfi_doc d
CROSS JOIN XMLTABLE(XMLNAMESPACES('http://ed-fi.org/5.2.0' AS e),
  '/e:InterchangeContact/e:Contact' PASSING d.doc
  COLUMNS contact_id text PATH 'e:ContactUniqueId',
          personal_title_prefix text PATH 'e:Name/e:PersonalTitlePrefix',
          first_name text PATH 'e:Name/e:FirstName',
          preferred_first_name text PATH 'e:Name/e:PreferredFirstName',
          last_surname text PATH 'e:Name/e:LastSurname',
          language_code text PATH 'e:Language[1]/e:Language') x
WHERE d.name = 'Contact';

-- Associations point at the Contact element's id attribute, not at its ContactUniqueId.
INSERT INTO student_contact (student_id, contact_id, relation, contact_priority,
                             primary_contact_status, lives_with, legal_guardian,
                             emergency_contact_status, contact_restrictions)
SELECT a.student_id, c.contact_id, pg_temp.code_value(a.relation_uri), a.contact_priority,
       a.primary_contact_status, a.lives_with, a.legal_guardian, a.emergency_contact_status,
       a.contact_restrictions
FROM edfi_doc d
CROSS JOIN XMLTABLE(XMLNAMESPACES('http://ed-fi.org/5.2.0' AS e),
  '/e:InterchangeContact/e:StudentContactAssociation' PASSING d.doc
  COLUMNS student_id text PATH 'e:StudentReference/e:StudentIdentity/e:StudentUniqueId',
          contact_ref text PATH 'e:ContactReference/@ref',
          relation_uri text PATH 'e:Relation',
          contact_priority integer PATH 'e:ContactPriority',
          primary_contact_status boolean PATH 'e:PrimaryContactStatus',
          lives_with boolean PATH 'e:LivesWith',
          legal_guardian boolean PATH 'e:LegalGuardian',
          emergency_contact_status boolean PATH 'e:EmergencyContactStatus',
          contact_restrictions text PATH 'e:ContactRestrictions') a
JOIN XMLTABLE(XMLNAMESPACES('http://ed-fi.org/5.2.0' AS e),
  '/e:InterchangeContact/e:Contact' PASSING d.doc
  COLUMNS element_id text PATH '@id',
          contact_id text PATH 'e:ContactUniqueId') c ON c.element_id = a.contact_ref
WHERE d.name = 'Contact';

-- No number in the sample carries TextMessageCapabilityIndicator; where it is missing, mobile
-- numbers are taken to accept texts and all others not.
INSERT INTO contact_phone (contact_id, telephone_number, telephone_number_type,
                           order_of_priority, sms_capable, sms_capable_synthetic)
SELECT x.contact_id, x.telephone_number, pg_temp.code_value(x.type_uri), x.order_of_priority,
       COALESCE(x.text_capable, pg_temp.code_value(x.type_uri) = 'Mobile'),
       x.text_capable IS NULL
FROM edfi_doc d
CROSS JOIN XMLTABLE(XMLNAMESPACES('http://ed-fi.org/5.2.0' AS e),
  '/e:InterchangeContact/e:Contact/e:Telephone' PASSING d.doc
  COLUMNS contact_id text PATH '../e:ContactUniqueId',
          telephone_number text PATH 'e:TelephoneNumber',
          type_uri text PATH 'e:TelephoneNumberType',
          order_of_priority integer PATH 'e:OrderOfPriority',
          text_capable boolean PATH 'e:TextMessageCapabilityIndicator') x
WHERE d.name = 'Contact';

INSERT INTO contact_email (contact_id, electronic_mail_address, electronic_mail_type,
                           primary_email_address)
SELECT x.contact_id, x.address, pg_temp.code_value(x.type_uri), x.primary_email_address
FROM edfi_doc d
CROSS JOIN XMLTABLE(XMLNAMESPACES('http://ed-fi.org/5.2.0' AS e),
  '/e:InterchangeContact/e:Contact/e:ElectronicMail' PASSING d.doc
  COLUMNS contact_id text PATH '../e:ContactUniqueId',
          address text PATH 'e:ElectronicMailAddress',
          type_uri text PATH 'e:ElectronicMailType',
          primary_email_address boolean PATH 'e:PrimaryEmailAddressIndicator') x
WHERE d.name = 'Contact';

INSERT INTO contact_address (contact_id, address_type, street_number_name,
                             apartment_room_suite_number, city, state_abbreviation, postal_code)
SELECT x.contact_id, pg_temp.code_value(x.type_uri), x.street_number_name,
       x.apartment_room_suite_number, x.city, pg_temp.code_value(x.state_uri), x.postal_code
FROM edfi_doc d
CROSS JOIN XMLTABLE(XMLNAMESPACES('http://ed-fi.org/5.2.0' AS e),
  '/e:InterchangeContact/e:Contact/e:Address' PASSING d.doc
  COLUMNS contact_id text PATH '../e:ContactUniqueId',
          type_uri text PATH 'e:AddressType',
          street_number_name text PATH 'e:StreetNumberName',
          apartment_room_suite_number text PATH 'e:ApartmentRoomSuiteNumber',
          city text PATH 'e:City',
          state_uri text PATH 'e:StateAbbreviation',
          postal_code text PATH 'e:PostalCode') x
WHERE d.name = 'Contact';

-- Enrollments are all synthetic (the sample ships none), one per student:
-- * a student with attendance events is enrolled at the school that recorded them, in a grade
--   that school serves, from the first day through the end of the year, so every real event lies
--   inside the enrollment;
-- * any other student gets a grade 1-12 spread evenly (so schools fill in proportion to the number
--   of grades they serve) at the school serving it; 1 in 40 of them enters mid-year and another
--   1 in 40 withdraws mid-year, on a weekday, to exercise partial enrollments.
INSERT INTO enrollment (student_id, school_id, entry_date, exit_withdraw_date, entry_grade_level,
                       synthetic)
WITH event_school AS (
  SELECT student_id, min(school_id) AS school_id
  FROM attendance_event
  GROUP BY student_id
), placed AS (
  SELECT s.student_id, e.school_id AS event_school_id,
         pg_temp.bucket(s.student_id || ':grade', 12) + 1 AS spread_grade,
         pg_temp.bucket(s.student_id || ':move', 40) AS move,
         pg_temp.bucket(s.student_id || ':move-day', 150) AS move_day
  FROM student s
  LEFT JOIN event_school e USING (student_id)
), graded AS (
  SELECT p.*, sg.school_id, sg.grade_level
  FROM placed p
  JOIN (SELECT school_id, grade_level,
               row_number() OVER (PARTITION BY school_id ORDER BY ordinal) - 1 AS grade_index,
               count(*) OVER (PARTITION BY school_id) AS grades
        FROM school_grade) sg
    ON sg.school_id = p.event_school_id
   AND sg.grade_index = pg_temp.bucket(p.student_id || ':grade', sg.grades::integer)
  UNION ALL
  SELECT p.*, sg.school_id, sg.grade_level
  FROM placed p
  JOIN school_grade sg ON sg.ordinal = p.spread_grade
  WHERE p.event_school_id IS NULL
), dated AS (
  SELECT g.*,
         CASE WHEN g.event_school_id IS NULL AND g.move = 0
              THEN date '2021-09-13' + g.move_day END AS late_entry,
         CASE WHEN g.event_school_id IS NULL AND g.move = 1
              THEN date '2021-10-01' + g.move_day END AS early_exit
  FROM graded g
)
SELECT student_id, school_id,
       COALESCE(late_entry + CASE extract(isodow FROM late_entry) WHEN 6 THEN 2 WHEN 7 THEN 1
                                  ELSE 0 END,
                date '2021-08-23'),
       early_exit - CASE extract(isodow FROM early_exit) WHEN 6 THEN 1 WHEN 7 THEN 2 ELSE 0 END,
       grade_level, true
FROM dated;

\ir sis/reader-grants.sql

ANALYZE school, student, enrollment, attendance_category, attendance_event, contact,
        student_contact, contact_phone, contact_email, contact_address;
