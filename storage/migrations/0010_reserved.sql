-- Reserved for the cadence branch's migration 0010 (issue 9, item 7): this placeholder only
-- keeps the numbers without a gap on the weeks13 branch. Drop it when merging that branch.
SELECT 1;
