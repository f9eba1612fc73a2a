-- The services given, counted by office, day (UTC, "YYYY-MM-DD" as the
-- events' stamps begin), type and basis, beside the hourly counts of 0017:
-- a month of the office's totals reads a thousand or two rows of days,
-- and the hourly counts only for the few hours at either end of a period
-- whose days are not UTC's (a day in Beijing runs from 16:00 to 16:00 UTC).
-- The triggers keep the counts exact as 0017's keep the hourly ones,
-- whatever writes the events: a service given here, a pulled one, a
-- pulled one brought to the district's version, or one removed with a
-- record that left the terminal's scope.
CREATE TABLE service_day_total (
	office	TEXT NOT NULL,
	day	TEXT NOT NULL,
	type	TEXT NOT NULL,
	basis	TEXT NOT NULL,
	given	INTEGER NOT NULL,
	free	INTEGER NOT NULL,
	PRIMARY KEY (office, day, type, basis)
) STRICT, WITHOUT ROWID;

-- From the hourly counts, which are exact: a tenth of the rows of the events.
INSERT INTO service_day_total (office, day, type, basis, given, free)
	SELECT office, substr(hour, 1, 10), type, basis, sum(given), sum(free)
	FROM service_hour_total GROUP BY office, substr(hour, 1, 10), type, basis
	HAVING sum(given) > 0;

CREATE TRIGGER service_day_total_insert AFTER INSERT ON service_event BEGIN
	INSERT INTO service_day_total (office, day, type, basis, given, free)
	VALUES (NEW.office, substr(NEW.at, 1, 10), NEW.type, NEW.basis, 1, NEW.free != 0)
	ON CONFLICT DO UPDATE SET given = given + 1, free = free + excluded.free;
END;

CREATE TRIGGER service_day_total_delete AFTER DELETE ON service_event BEGIN
	UPDATE service_day_total SET given = given - 1, free = free - (OLD.free != 0)
	WHERE office = OLD.office AND day = substr(OLD.at, 1, 10) AND type = OLD.type
	    AND basis = OLD.basis;
END;

CREATE TRIGGER service_day_total_update
AFTER UPDATE OF office, at, type, basis, free ON service_event BEGIN
	UPDATE service_day_total SET given = given - 1, free = free - (OLD.free != 0)
	WHERE office = OLD.office AND day = substr(OLD.at, 1, 10) AND type = OLD.type
	    AND basis = OLD.basis;
	INSERT INTO service_day_total (office, day, type, basis, given, free)
	VALUES (NEW.office, substr(NEW.at, 1, 10), NEW.type, NEW.basis, 1, NEW.free != 0)
	ON CONFLICT DO UPDATE SET given = given + 1, free = free + excluded.free;
END;
