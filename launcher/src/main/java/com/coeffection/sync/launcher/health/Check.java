package com.coeffection.sync.launcher.health;

/**
 * One thing a part depends on, checked now: the broker, the registry, the stream processor's state, the sink's
 * partitions, a monday connection. A check never throws and answers within a few seconds.
 */
public interface Check {

    /** The name under which the check appears in the health body, e.g. {@code broker}. */
    String name();

    /** The check's verdict now. */
    Result check();

    /**
     * A verdict: up or down, with a detail a person can act on (why it is down, or what was seen).
     *
     * @param up     whether the dependency is fine
     * @param detail what was seen, or what is wrong and what to do
     */
    record Result(boolean up, String detail) {
        public static Result up(String detail) {
            return new Result(true, detail);
        }

        public static Result down(String detail) {
            return new Result(false, detail);
        }
    }
}
