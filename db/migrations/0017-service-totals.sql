-- The services given, counted by office, hour (UTC, "YYYY-MM-DDTHH" as the
-- events' stamps begin), type and basis, so that the office's totals of a
-- month read a few thousand rows instead of every event of the month. The
-- triggers keep the counts exact whatever writes the events: a service
-- given here, a pulled one, a pulled one brought to the district's version,
-- or one removed with a record that left the terminal's scope. A day of a
-- time zone whose offset is whole hours (Beijing's) is whole hours of UTC.
CREATE TABLE service_hour_total (
	office	TEXT NOT NULL,
	hour	TEXT NOT NULL,
	type	TEXT NOT NULL,
	basis	TEXT NOT NULL,
	given	INTEGER NOT NULL,
	free	INTEGER NOT NULL,
	PRIMARY KEY (office, hour, type, basis)
) STRICT, WITHOUT ROWID;

INSERT INTO service_hour_total (office, hour, type, basis, given, free)
	SELECT office, substr(at, 1, 13), type, basis, count(*), sum(free != 0)
	FROM service_event GROUP BY office, substr(at, 1, 13), type, basis;

CREATE TRIGGER service_hour_total_insert AFTER INSERT ON service_event BEGIN
	INSERT INTO service_hour_total (office, hour, type, basis, given, free)
	VALUES (NEW.office, substr(NEW.at, 1, 13), NEW.type, NEW.basis, 1, NEW.free != 0)
	ON CONFLICT DO UPDATE SET given = given + 1, free = free + excluded.free;
END;

CREATE TRIGGER service_hour_total_delete AFTER DELETE ON service_event BEGIN
	UPDATE service_hour_total SET given = given - 1, free = free - (OLD.free != 0)
	WHERE office = OLD.office AND hour = substr(OLD.at, 1, 13) AND type = OLD.type
	    AND basis = OLD.basis;
END;

CREATE TRIGGER service_hour_total_update
AFTER UPDATE OF office, at, type, basis, free ON service_event BEGIN
	UPDATE service_hour_total SET given = given - 1, free = free - (OLD.free != 0)
	WHERE office = OLD.office AND hour = substr(OLD.at, 1, 13) AND type = OLD.type
	    AND basis = OLD.basis;
	INSERT INTO service_hour_total (office, hour, type, basis, given, free)
	VALUES (NEW.office, substr(NEW.at, 1, 13), NEW.type, NEW.basis, 1, NEW.free != 0)
	ON CONFLICT DO UPDATE SET given = given + 1, free = free + excluded.free;
END;
