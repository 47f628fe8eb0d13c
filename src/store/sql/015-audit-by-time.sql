-- The audit viewer's pages, newest first, with no filter or by kind or
-- day: a backwards range search on the time instead of a sort of the
-- whole trail (2 s at a million entries, 1 ms with this).
CREATE INDEX audit_by_at ON audit_log (at);
