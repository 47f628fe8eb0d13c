-- Member numbers are looked up through members_number in every case a
-- person types them (number IN (?1, upper (?1), lower (?1))), so the
-- case-folded copy only cost every insert and update a B-tree write.
DROP INDEX IF EXISTS members_number_nocase;
