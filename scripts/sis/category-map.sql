-- psql fragment shared by the mirror loaders: the absence-category map, flagged synthetic.
--
-- The district decides this map; these rows are the usual Ed-Fi reading of the four categories
-- the loaders produce. A "Partial" event without a duration counts as half a day.

INSERT INTO attendance_category (category, counts_as_absence, default_duration, synthetic)
VALUES ('Excused Absence', true, 1, true),
       ('Unexcused Absence', true, 1, true),
       ('Partial', true, 0.5, true),
       ('Tardy', false, NULL, true);
