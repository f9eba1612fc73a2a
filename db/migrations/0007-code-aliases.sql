-- Codes clerks can find (jobdesk(1), "Code lists"): the words people say
-- for a code (大专 for 大学专科毕业, 会计 for 会计专业人员), separated by
-- "|", from the aliases column of a list file or from the district. A
-- picker searches them beside the codes and the names. A shipped list
-- brings its aliases with its next version.
ALTER TABLE code ADD COLUMN aliases TEXT NOT NULL DEFAULT '';
