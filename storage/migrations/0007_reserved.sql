-- Reserved: version 7 belongs to a migration on another branch (issue 9's scheduler work).
-- This empty placeholder only keeps the numbering gap-free on this branch; when the branches
-- are merged, delete this file (two version-7 files fail migration_scripts() loudly).
SELECT 1;
