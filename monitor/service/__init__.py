"""The long-running service: the daemon, its scheduling, the instance lock and health."""
