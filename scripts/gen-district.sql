-- psql script behind scripts/gen-district: recreates the SIS mirror schema and fills it with a
-- synthetic district. Expects the psql variables schema, reader, students, seed, year_start,
-- year_end, as_of, mirror_sql and role_sql, and runs inside the single transaction the wrapper
-- opens.
--
-- Every table is filled by one INSERT ... SELECT over generate_series. Each choice is a number in
-- [0, 1) hashed from an id, a "salt" naming the choice, and the seed, never random(): the same
-- arguments give byte-identical rows. Students are numbered 1..N; a household is keyed by its
-- first student, a contact by household * 4 + its priority, an enrollment by student * 4 + its
-- stay, an event slot by enrollment * 1024 + its number.

SET client_min_messages = warning;
\ir sis/recreate-schema.sql

-- Sorting and index builds of tens of millions of rows stay in memory.
SET work_mem = '512MB';
SET maintenance_work_mem = '1GB';

-- A stable pseudo-random number in [0, 1) for (key, salt) under the seed. hashint8extended backs
-- hash partitioning, so PostgreSQL keeps it identical across versions and platforms.
CREATE FUNCTION pg_temp.u(key bigint, salt integer) RETURNS double precision
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  RETURN (hashint8extended(key, :seed::bigint * 1024 + salt) & 2147483647)::double precision
         / 2147483648;

-- One element of `choices`, chosen by u in [0, 1).
CREATE FUNCTION pg_temp.pick(choices text[], u double precision) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  RETURN choices[1 + floor(u * cardinality(choices))::integer];

-- Name pools, as array literals.
\set female_names '{Maria,Jennifer,Aisha,Linh,Mei,Fatima,Sofia,Emily,Grace,Ana,Keisha,Olivia,Priya,Hannah,Rosa,Amina,Yesenia,Claire,Nadia,Guadalupe,Mary,Thu,Xiu,Leila}'
\set male_names '{James,Jose,Michael,Duc,Wei,Omar,David,Carlos,Andre,Luis,Robert,Ahmed,Daniel,Miguel,Kevin,Tuan,Samuel,Marcus,Juan,Patrick,John,Minh,Hao,Yusuf}'
\set surnames '{Smith,Johnson,Williams,Brown,Jones,Garcia,Miller,Davis,Rodriguez,Martinez,Hernandez,Lopez,Gonzalez,Wilson,Anderson,Thomas,Taylor,Moore,Jackson,Martin,Lee,Nguyen,Tran,Le,Pham,Chen,Wang,Li,Ali,Hassan,Ahmed,Kowalski,Murphy,Kim,Patel,Nowak,Jean-Baptiste,"De La Cruz",Warsame,Okafor}'

-- Loading bare tables and building keys and indexes afterwards is several times faster than
-- maintaining B-trees and checking foreign keys row by row. The definitions are read back from
-- the catalog, so whatever 001_mirror.sql declares is restored unchanged at the end.
CREATE TEMP TABLE deferred_constraint AS
SELECT conrelid::regclass::text AS table_name, conname AS name, contype AS kind,
       pg_get_constraintdef(oid) AS definition
FROM pg_constraint
WHERE connamespace = :'schema'::regnamespace AND contype IN ('p', 'u', 'f');

CREATE TEMP TABLE deferred_index AS
SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS definition
FROM pg_index i
JOIN pg_class t ON t.oid = i.indrelid
WHERE t.relnamespace = :'schema'::regnamespace
  AND NOT EXISTS (SELECT FROM pg_constraint c
                  WHERE c.conindid = i.indexrelid AND c.contype IN ('p', 'u'));

-- Foreign keys first: they depend on the referenced primary keys.
SELECT format('ALTER TABLE %s DROP CONSTRAINT %I', table_name, name)
FROM deferred_constraint ORDER BY kind = 'f' DESC, table_name, name \gexec
SELECT format('DROP INDEX %s', name) FROM deferred_index ORDER BY name \gexec

-- The school calendar the data follows: weekdays from year_start to year_end minus the usual
-- closures of a US district, found by rule so that any year works. For 2026-27 they are exactly
-- the closures of config/nudged.example.toml (which also has a Saturday makeup day, unused here).
CREATE TEMP TABLE calendar_day AS
WITH day AS (
  SELECT t::date AS day, extract(isodow FROM t)::integer AS dow,
         extract(month FROM t)::integer AS month, extract(day FROM t)::integer AS dom,
         -- The Monday and Thursday of the day's week name the weeks of breaks.
         t::date - (extract(isodow FROM t)::integer - 1) AS monday,
         t::date - (extract(isodow FROM t)::integer - 4) AS thursday
  FROM generate_series(:'year_start'::date, :'year_end'::date, interval '1 day') t
)
SELECT day, dow,
       dow < 6 AND NOT (
         (month = 10 AND dow = 1 AND dom BETWEEN 8 AND 14)            -- Columbus Day
         OR (month = 11 AND dom = 11)                                 -- Veterans Day
         OR (extract(month FROM thursday) = 11                        -- Thanksgiving, Wed-Fri
             AND extract(day FROM thursday) BETWEEN 22 AND 28 AND dow BETWEEN 3 AND 5)
         OR (month = 12 AND dom >= 24) OR (month = 1 AND dom = 1)     -- winter break
         OR (month = 1 AND dow = 1 AND dom BETWEEN 15 AND 21)         -- Martin Luther King Jr. Day
         OR (extract(month FROM monday) = 2                           -- mid-winter break: the
             AND extract(day FROM monday) BETWEEN 15 AND 21)          -- week of Presidents' Day
         OR (extract(month FROM monday) = 4                           -- spring break: the week
             AND extract(day FROM monday) BETWEEN 15 AND 21)          -- of April's third Monday
         OR (month = 5 AND dow = 1 AND dom >= 25)                     -- Memorial Day
       ) AS instructional
FROM day;

-- Instructional days numbered from 0; events and enrollments are placed by that number.
CREATE TEMP TABLE school_day AS
SELECT (row_number() OVER (ORDER BY day) - 1)::integer AS idx, day
FROM calendar_day WHERE instructional;
ANALYZE school_day;

DO $$
BEGIN
  IF (SELECT count(*) FROM school_day) < 60 THEN
    RAISE EXCEPTION 'gen-district: the school year has fewer than 60 instructional days';
  END IF;
END
$$;

SELECT count(*) AS year_days,
       count(*) FILTER (WHERE day <= :'as_of'::date) - 1 AS last_idx
FROM school_day \gset

\ir sis/category-map.sql

-- Schools by grade band, about one per 500 students and at least two per band (so that a
-- transfer has somewhere to go); one district (local education agency) per ~25,000 students.
CREATE TEMP TABLE gen_school AS
WITH band (band, lo_grade, hi_grade, kind, short_kind) AS (
  VALUES (0, 0, 5, 'Elementary School', 'ES'), (1, 6, 8, 'Middle School', 'MS'),
         (2, 9, 12, 'High School', 'HS')
), sized AS (
  SELECT band.*,
         greatest(2, round(:students * (hi_grade - lo_grade + 1) / 13.0 / 500))::integer AS schools
  FROM band
)
SELECT (row_number() OVER (ORDER BY band, i))::integer AS school_no, band, kind, short_kind,
       i AS band_index, schools AS band_schools
FROM sized, generate_series(0, schools - 1) i;

INSERT INTO school (school_id, name, short_name, local_education_agency_id, synthetic)
SELECT 100000000 + school_no, place || ' ' || kind, place || ' ' || short_kind,
       100000 + school_no % greatest(1, round(:students / 25000.0))::integer, true
FROM (SELECT s.*, pg_temp.pick(ARRAY[
        'Lincoln', 'Washington', 'Jefferson', 'Roosevelt', 'Riverside', 'Oak Grove', 'Maple Hill',
        'Cedar Park', 'Lakeview', 'Pinecrest', 'Westwood', 'Eastside', 'Northgate', 'Southfield',
        'Hillcrest', 'Fairview', 'Brookside', 'Meadowbrook', 'Sunnyvale', 'Highland',
        'Garfield', 'Franklin', 'Madison', 'Kennedy', 'Douglass', 'Chavez', 'Parks', 'King',
        'Willow Creek', 'Stone Bridge'], pg_temp.u(school_no, 1)) AS place
      FROM gen_school s) named;

-- Students: grade, school, household and attendance habits. A student joins the household of
-- the student numbered before it with probability 0.2, so about a fifth of households (and of
-- caregivers) have two or more children. The absence rate comes from a piecewise-linear quantile
-- function with a long tail: mean about 8%, half of the students at 2-5%, 15% above 10%
-- (chronically absent), about 4% above 30%. Tardies are a separate, weakly correlated rate.
CREATE TEMP TABLE gen_student AS
WITH base AS (
  SELECT s, floor(pg_temp.u(s, 10) * 13)::integer AS grade,
         s = 1 OR pg_temp.u(s, 11) >= 0.2 AS starts_household,
         pg_temp.u(s, 12) AS rate_u, pg_temp.u(s, 13) AS tardy_u, pg_temp.u(s, 14) AS move_u,
         pg_temp.u(s, 15) AS move_day_u, pg_temp.u(s, 16) AS school_u,
         pg_temp.u(s, 17) AS transfer_u
  FROM generate_series(1, :students::bigint) s
)
SELECT s, grade, CASE WHEN grade <= 5 THEN 0 WHEN grade <= 8 THEN 1 ELSE 2 END AS band,
       max(CASE WHEN starts_household THEN s END) OVER (ORDER BY s) AS household,
       CASE WHEN rate_u < 0.05 THEN 0.02 * rate_u / 0.05
            WHEN rate_u < 0.57 THEN 0.02 + 0.03 * (rate_u - 0.05) / 0.52
            WHEN rate_u < 0.85 THEN 0.05 + 0.05 * (rate_u - 0.57) / 0.28
            WHEN rate_u < 0.95 THEN 0.10 + 0.18 * (rate_u - 0.85) / 0.10
            WHEN rate_u < 0.985 THEN 0.28 + 0.12 * (rate_u - 0.95) / 0.035
            ELSE 0.40 + 0.50 * (rate_u - 0.985) / 0.015 END AS rate,
       0.06 * tardy_u ^ 3 AS tardy_rate,
       -- 3% enter after the first day, 3% withdraw, 1% transfer to another school of the band.
       CASE WHEN move_u < 0.03 THEN 'entry' WHEN move_u < 0.06 THEN 'withdrawal'
            WHEN move_u < 0.07 THEN 'transfer' END AS move,
       move_day_u, school_u, transfer_u
FROM base;

CREATE TEMP TABLE gen_enrollment AS
WITH indexed AS (
  -- The school's index inside the band, computed first so that the join below is on equality.
  SELECT st.*, floor(st.school_u * b.band_schools)::integer AS school_index
  FROM gen_student st
  JOIN (SELECT DISTINCT band, band_schools FROM gen_school) b USING (band)
), placed AS (
  SELECT st.s, st.grade, st.move, sc.school_no, sc.band, sc.band_schools,
         (sc.band_index + 1 + floor(st.transfer_u * (sc.band_schools - 1))::integer)
           % sc.band_schools AS transfer_index,
         -- An entry falls on instructional day 5 .. year_days - 20, a withdrawal or transfer on
         -- day 20 .. year_days - 20.
         CASE WHEN st.move = 'entry'
              THEN 5 + floor(st.move_day_u * (:year_days - 25))::integer
              ELSE 20 + floor(st.move_day_u * (:year_days - 40))::integer END AS move_idx
  FROM indexed st
  JOIN gen_school sc ON sc.band = st.band AND sc.band_index = st.school_index
)
-- The mirror is the SIS as of as_of: withdrawals and transfers after it have not happened yet
-- (the stay is open), while a later entry is already registered.
SELECT s * 4 + 1 AS ek, s, grade, move, school_no,
       CASE WHEN move = 'entry' THEN move_idx ELSE 0 END AS first_idx,
       CASE WHEN move = 'withdrawal' AND move_idx <= :last_idx THEN move_idx
            WHEN move = 'transfer' AND move_idx <= :last_idx THEN move_idx - 1 END AS exit_idx
FROM placed
UNION ALL
SELECT p.s * 4 + 2, p.s, p.grade, p.move, sc.school_no, p.move_idx, NULL
FROM placed p
JOIN gen_school sc ON sc.band = p.band AND sc.band_index = p.transfer_index
WHERE p.move = 'transfer' AND p.move_idx <= :last_idx;

INSERT INTO student (student_id, first_name, preferred_first_name, last_surname, synthetic)
SELECT (1000000000 + s)::text,
       pg_temp.pick((:'female_names'::text[] || :'male_names'::text[]), pg_temp.u(s, 18)),
       CASE WHEN pg_temp.u(s, 19) < 0.05
            THEN pg_temp.pick((:'female_names'::text[] || :'male_names'::text[]), pg_temp.u(s, 20)) END,
       pg_temp.pick(:'surnames'::text[], pg_temp.u(household, 41)),
       true
FROM gen_student;

INSERT INTO enrollment (student_id, school_id, entry_date, exit_withdraw_date, entry_grade_level,
                        synthetic)
SELECT (1000000000 + e.s)::text, 100000000 + e.school_no, entry.day, exit.day,
       (ARRAY['Kindergarten', 'First grade', 'Second grade', 'Third grade', 'Fourth grade',
              'Fifth grade', 'Sixth grade', 'Seventh grade', 'Eighth grade', 'Ninth grade',
              'Tenth grade', 'Eleventh grade', 'Twelfth grade'])[e.grade + 1],
       true
FROM gen_enrollment e
JOIN school_day entry ON entry.idx = e.first_idx
LEFT JOIN school_day exit ON exit.idx = e.exit_idx;

-- Attendance events of each stay, on instructional days through as_of. A stay of n days gets
-- m = (absence rate + tardy rate) * n event days, placed one in each of m equal strata of its
-- days at a hashed offset, so the days are distinct without any join; each day is an absence
-- with probability rate / (rate + tardy rate), else a tardy. Absences are 45% Excused, 45%
-- Unexcused, 5% Partial (half a day by the category map) and 5% Excused with duration 0.5; 1% of
-- absence days carry a second event of another category, which counting must not double.
INSERT INTO attendance_event (student_id, event_date, school_id, category, duration, reason,
                              synthetic)
WITH stay AS (
  SELECT e.ek, e.s, e.school_no, e.first_idx AS lo,
         least(coalesce(e.exit_idx, :last_idx), :last_idx) - e.first_idx + 1 AS n,
         st.rate, st.tardy_rate
  FROM gen_enrollment e
  JOIN gen_student st USING (s)
), sized AS (
  SELECT stay.*,
         least(n, floor((rate + tardy_rate) * n + pg_temp.u(ek, 21)))::integer AS m
  FROM stay
  WHERE n > 0
), slot AS (
  SELECT sized.s, sized.school_no, sized.ek * 1024 + j AS slot_key,
         sized.lo + j * sized.n / sized.m
           + floor(pg_temp.u(sized.ek * 1024 + j, 22)
                   * ((j + 1) * sized.n / sized.m - j * sized.n / sized.m))::integer AS idx,
         pg_temp.u(sized.ek * 1024 + j, 23) * (sized.rate + sized.tardy_rate)
           < sized.rate AS absent
  FROM sized, generate_series(0, sized.m - 1) j
  WHERE sized.m > 0
), typed AS (
  SELECT slot.*, pg_temp.u(slot_key, 24) AS category_u, pg_temp.u(slot_key, 25) AS reason_u,
         CASE WHEN absent AND pg_temp.u(slot_key, 26) < 0.01 THEN 2 ELSE 1 END AS events
  FROM slot
)
SELECT (1000000000 + t.s)::text, d.day, 100000000 + t.school_no,
       CASE WHEN NOT t.absent THEN 'Tardy'
            WHEN copy = 2 AND (t.category_u < 0.45 OR t.category_u >= 0.95) THEN 'Partial'
            WHEN copy = 2 THEN 'Excused Absence'
            WHEN t.category_u < 0.45 OR t.category_u >= 0.95 THEN 'Excused Absence'
            WHEN t.category_u < 0.90 THEN 'Unexcused Absence'
            ELSE 'Partial' END,
       CASE WHEN copy = 2 OR NOT t.absent THEN NULL
            WHEN t.category_u >= 0.95 THEN 0.5
            WHEN t.category_u < 0.90 AND t.reason_u < 0.5 THEN 1 END,
       CASE WHEN copy = 1 AND t.absent AND t.category_u < 0.45 AND t.reason_u < 0.6
            THEN pg_temp.pick(ARRAY['Illness', 'Illness', 'Medical appointment',
                                    'Family emergency', 'Religious observance'], t.reason_u / 0.6)
            WHEN NOT t.absent AND t.reason_u < 0.2 THEN 'Late bus' END,
       true
FROM typed t
CROSS JOIN generate_series(1, t.events) copy
JOIN school_day d ON d.idx = t.idx;

-- Data-quality findings on purpose, each named in its reason so tests can tell them apart: for
-- one in 10,000 students (at least 3 of each), an absence on a Sunday, on a weekday closure and on
-- the instructional day after a withdrawal. They lie outside instructional days or enrollments,
-- where the counting must ignore them.
CREATE TEMP TABLE closure_day AS
SELECT (row_number() OVER (ORDER BY day) - 1)::integer AS idx, day
FROM calendar_day WHERE dow < 6 AND NOT instructional AND day <= :'as_of'::date;

INSERT INTO attendance_event (student_id, event_date, school_id, category, duration, reason,
                              synthetic)
SELECT (1000000000 + s)::text, d.day - extract(isodow FROM d.day)::integer,
       100000000 + school_no, 'Unexcused Absence', NULL::numeric, 'Synthetic anomaly: event on a Sunday',
       true
FROM (SELECT e.*, 5 + floor(pg_temp.u(ek, 31) * (:last_idx - 5))::integer AS idx
      FROM gen_enrollment e
      WHERE e.move IS NULL AND :last_idx > 10
      ORDER BY pg_temp.u(ek, 30)
      LIMIT greatest(3, :students / 10000)) picked
JOIN school_day d USING (idx)
UNION ALL
SELECT (1000000000 + s)::text, c.day, 100000000 + school_no, 'Unexcused Absence', NULL,
       'Synthetic anomaly: event on a closure', true
FROM (SELECT e.*, floor(pg_temp.u(ek, 33) * (SELECT count(*) FROM closure_day))::integer AS idx
      FROM gen_enrollment e
      WHERE e.move IS NULL
      ORDER BY pg_temp.u(ek, 32)
      LIMIT greatest(3, :students / 10000)) picked
JOIN closure_day c USING (idx)
UNION ALL
SELECT (1000000000 + s)::text, d.day, 100000000 + school_no, 'Unexcused Absence', NULL,
       'Synthetic anomaly: event after withdrawal', true
FROM (SELECT e.* FROM gen_enrollment e
      WHERE e.move = 'withdrawal' AND e.exit_idx < :last_idx
      ORDER BY pg_temp.u(ek, 34)
      LIMIT greatest(3, :students / 10000)) picked
JOIN school_day d ON d.idx = picked.exit_idx + 1;

-- Caregivers: 30% of households have one, 60% two, 10% three. Contacts of a household share its
-- surname (mostly), language and, when they live with the children, address and landline. 75%
-- speak English, 20% Spanish, the rest Vietnamese, Chinese, Arabic, Somali or Haitian Creole, so
-- that a language without a template occurs.
CREATE TEMP TABLE gen_contact AS
WITH household AS (
  SELECT DISTINCT household AS h FROM gen_student
), member AS (
  SELECT h, j, h * 4 + j AS ck, pg_temp.u(h * 4 + j, 44) AS relation_u
  FROM household,
       generate_series(1, CASE WHEN pg_temp.u(h, 40) < 0.3 THEN 1
                               WHEN pg_temp.u(h, 40) < 0.9 THEN 2 ELSE 3 END) j
), related AS (
  SELECT member.*,
         CASE WHEN j = 1 THEN CASE WHEN relation_u < 0.78 THEN 'Mother'
                                   WHEN relation_u < 0.93 THEN 'Father'
                                   WHEN relation_u < 0.97 THEN 'Grandmother' ELSE 'Guardian' END
              WHEN j = 2 THEN CASE WHEN relation_u < 0.70 THEN 'Father'
                                   WHEN relation_u < 0.85 THEN 'Mother'
                                   WHEN relation_u < 0.92 THEN 'Stepfather'
                                   ELSE 'Grandmother' END
              ELSE pg_temp.pick(ARRAY['Grandmother', 'Grandfather', 'Aunt', 'Uncle', 'Friend'],
                                relation_u) END AS relation,
         CASE WHEN j = 1 THEN pg_temp.u(ck, 45) < 0.97
              WHEN j = 2 THEN pg_temp.u(ck, 45) < 0.75
              ELSE pg_temp.u(ck, 45) < 0.3 END AS lives_with,
         pg_temp.u(ck, 50) < 0.85 AS has_mobile,
         pg_temp.u(h, 52) < 0.35 AS household_landline
  FROM member
)
SELECT related.*,
       (household_landline AND lives_with) OR (NOT has_mobile AND pg_temp.u(ck, 53) < 0.8)
         AS has_home,
       -- A landline belongs to the household when the contact lives there.
       CASE WHEN household_landline AND lives_with THEN h * 4 ELSE ck END AS home_key,
       pg_temp.u(ck, 54) < 0.10 AS has_work,
       -- Addresses of contacts living with the children are the household's.
       CASE WHEN lives_with THEN h * 4 ELSE ck END AS address_key
FROM related;

INSERT INTO contact (contact_id, personal_title_prefix, first_name, last_surname,
                     preferred_language, synthetic)
SELECT (2000000000 + ck)::text,
       CASE WHEN relation IN ('Mother', 'Grandmother', 'Aunt')
            THEN pg_temp.pick(ARRAY['Ms', 'Mrs'], pg_temp.u(ck, 46))
            WHEN relation IN ('Father', 'Stepfather', 'Grandfather', 'Uncle') THEN 'Mr' END,
       pg_temp.pick(CASE WHEN relation IN ('Mother', 'Grandmother', 'Aunt')
                         THEN :'female_names'::text[]
                         WHEN relation IN ('Father', 'Stepfather', 'Grandfather', 'Uncle')
                         THEN :'male_names'::text[]
                         ELSE (:'female_names'::text[] || :'male_names'::text[]) END, pg_temp.u(ck, 47)),
       CASE WHEN j = 1 OR (j = 2 AND pg_temp.u(ck, 48) < 0.85)
            THEN pg_temp.pick(:'surnames'::text[], pg_temp.u(h, 41))
            ELSE pg_temp.pick(:'surnames'::text[], pg_temp.u(ck, 49)) END,
       CASE WHEN pg_temp.u(h, 42) < 0.75 THEN 'en'
            WHEN pg_temp.u(h, 42) < 0.95 THEN 'es'
            ELSE pg_temp.pick(ARRAY['vi', 'vi', 'zh', 'ar', 'so', 'ht'],
                              (pg_temp.u(h, 42) - 0.95) / 0.05) END,
       true
FROM gen_contact;

-- Every student is linked to every caregiver of the household, in priority order. 1% of links
-- past the first caregiver carry a contact restriction.
INSERT INTO student_contact (student_id, contact_id, relation, contact_priority,
                             primary_contact_status, lives_with, legal_guardian,
                             emergency_contact_status, contact_restrictions, synthetic)
SELECT (1000000000 + st.s)::text, (2000000000 + c.ck)::text, c.relation, c.j, c.j = 1,
       c.lives_with, c.relation NOT IN ('Aunt', 'Uncle', 'Friend'), true,
       CASE WHEN c.j > 1 AND pg_temp.u(st.s * 4 + c.j, 55) < 0.01
            THEN pg_temp.pick(ARRAY['Court order: no contact with the student',
                                    'No contact per custody agreement'],
                              pg_temp.u(st.s * 4 + c.j, 56)) END,
       true
FROM gen_student st
JOIN gen_contact c ON c.h = st.household;

-- Phones as SIS users type them, in several formats. Most mobiles accept texts (a few unknown or
-- not), landlines never; 2% are invalid (no area code, or an area code starting with 0) and 1%
-- are marked do-not-contact. A number's digits and format are hashed from its key.
INSERT INTO contact_phone (contact_id, telephone_number, telephone_number_type,
                           order_of_priority, sms_capable, do_not_contact, synthetic)
WITH wanted AS (
  SELECT ck, ck AS number_key, 'Mobile' AS type, 1 AS priority,
         CASE WHEN pg_temp.u(ck, 65) < 0.93 THEN true WHEN pg_temp.u(ck, 65) < 0.97 THEN NULL
              ELSE false END AS sms_capable
  FROM gen_contact WHERE has_mobile
  UNION ALL
  SELECT ck, home_key, 'Home', 1 + has_mobile::integer, false
  FROM gen_contact WHERE has_home
  UNION ALL
  SELECT ck, ck * 4 + 3, 'Work', 1 + has_mobile::integer + has_home::integer, false
  FROM gen_contact WHERE has_work
), parts AS (
  SELECT wanted.*,
         pg_temp.pick(ARRAY['313', '248', '517', '616', '734', '810', '989', '269', '231', '586'],
                      pg_temp.u(number_key, 60)) AS area,
         (200 + floor(pg_temp.u(number_key, 61) * 800))::integer::text AS exchange,
         lpad(floor(pg_temp.u(number_key, 62) * 10000)::integer::text, 4, '0') AS line,
         pg_temp.u(number_key, 63) AS format_u, pg_temp.u(number_key, 64) AS invalid_u
  FROM wanted
)
SELECT (2000000000 + ck)::text,
       CASE WHEN invalid_u < 0.01 THEN exchange || '-' || line
            WHEN invalid_u < 0.02 THEN '(0' || substr(area, 2) || ') ' || exchange || '-' || line
            WHEN format_u < 0.5 THEN '(' || area || ') ' || exchange || '-' || line
            WHEN format_u < 0.8 THEN area || '-' || exchange || '-' || line
            WHEN format_u < 0.9 THEN area || '.' || exchange || '.' || line
            ELSE '+1 ' || area || ' ' || exchange || ' ' || line END,
       type, priority, sms_capable, pg_temp.u(ck * 4 + priority, 66) < 0.01, true
FROM parts;

-- Emails for 60% of contacts, at the reserved example domains.
INSERT INTO contact_email (contact_id, electronic_mail_address, electronic_mail_type,
                           primary_email_address, do_not_contact, synthetic)
SELECT (2000000000 + c.ck)::text,
       lower(regexp_replace(p.first_name || '.' || p.last_surname, '[^A-Za-z.]', '', 'g'))
         || (c.ck % 1000) || '@'
         || pg_temp.pick(ARRAY['example.com', 'example.net', 'example.org'], pg_temp.u(c.ck, 71)),
       CASE WHEN pg_temp.u(c.ck, 72) < 0.85 THEN 'Home/Personal' ELSE 'Work' END, true,
       pg_temp.u(c.ck, 73) < 0.01, true
FROM gen_contact c
JOIN contact p ON p.contact_id = (2000000000 + c.ck)::text
WHERE pg_temp.u(c.ck, 70) < 0.6;

-- Mailing addresses for 95% of contacts.
INSERT INTO contact_address (contact_id, address_type, street_number_name,
                             apartment_room_suite_number, city, state_abbreviation, postal_code,
                             synthetic)
SELECT (2000000000 + ck)::text,
       CASE WHEN pg_temp.u(address_key, 81) < 0.8 THEN 'Mailing' ELSE 'Home' END,
       (100 + floor(pg_temp.u(address_key, 82) * 9900))::integer || ' '
         || pg_temp.pick(ARRAY['Main', 'Oak', 'Pine', 'Maple', 'Cedar', 'Elm', 'Lake', 'Hill',
                               'Park', 'Washington', 'Jefferson', 'Division', 'Michigan',
                               'Grand River', 'Woodward', 'Church', 'Mill', 'River'],
                         pg_temp.u(address_key, 83)) || ' '
         || pg_temp.pick(ARRAY['St', 'Ave', 'Rd', 'Dr', 'Ln', 'Ct', 'Blvd', 'Way'],
                         pg_temp.u(address_key, 84)),
       CASE WHEN pg_temp.u(address_key, 85) < 0.2
            THEN 'Apt ' || (1 + floor(pg_temp.u(address_key, 86) * 40))::integer END,
       pg_temp.pick(ARRAY['Grand Bend', 'Riverton', 'Lakeport', 'Fairhaven', 'Millbrook',
                          'Cedar Falls', 'Westfield', 'Oakdale'], pg_temp.u(address_key, 87)),
       'MI', (48001 + floor(pg_temp.u(address_key, 88) * 1800))::integer::text, true
FROM gen_contact
WHERE pg_temp.u(ck, 80) < 0.95;

-- Keys before foreign keys, which need them.
SELECT format('ALTER TABLE %s ADD CONSTRAINT %I %s', table_name, name, definition)
FROM deferred_constraint ORDER BY kind = 'f', table_name, name \gexec
SELECT definition FROM deferred_index ORDER BY name \gexec

\ir sis/reader-grants.sql

ANALYZE school, student, enrollment, attendance_category, attendance_event, contact,
        student_contact, contact_phone, contact_email, contact_address;
