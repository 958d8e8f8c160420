-- Version 6: the tables shared by every process: the Lever request budget
-- per account (ReserveRate) and the job runners' heartbeats
-- (RescueDeadRunners). (PostgreSQL also widens Lever values to text here;
-- SQLite never enforced the sizes.)
CREATE TABLE IF NOT EXISTS lever_rate_budgets (
			account_key text NOT NULL PRIMARY KEY,
			tat_us bigint NOT NULL DEFAULT 0,
			paused_until_us bigint NOT NULL DEFAULT 0,
			reserved_at_us bigint NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS job_runners (
			client_id text NOT NULL PRIMARY KEY,
			beat_ms bigint NOT NULL,
			started_ms bigint NOT NULL);
