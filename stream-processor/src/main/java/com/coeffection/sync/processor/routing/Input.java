package com.coeffection.sync.processor.routing;

/** The per-record inputs of the merge step, still as bytes: they are decoded inside so bad bytes are dead-lettered. */
public sealed interface Input {
    byte[] bytes();

    /** A Coeffection record change. */
    record Change(byte[] bytes) implements Input {
    }

    /** A monday item event, re-keyed to its record through the links. */
    record ItemEvent(byte[] bytes) implements Input {
    }

    /** A request about the record on sync.control (resend, observation, match decision). */
    record Control(byte[] bytes) implements Input {
    }

    /** A monday sink result. */
    record Result(byte[] bytes) implements Input {
    }
}
