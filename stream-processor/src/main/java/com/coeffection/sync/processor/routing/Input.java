package com.coeffection.sync.processor.routing;

/** The per-record inputs of the merge step, still as bytes: they are decoded inside so bad bytes are dead-lettered. */
public sealed interface Input {
    byte[] bytes();

    /** The bytes with a leading tag naming the kind, for the internal topic misplaced inputs go through. */
    default byte[] tagged() {
        byte[] bytes = bytes();
        byte[] out = new byte[bytes == null ? 1 : bytes.length + 1];
        out[0] = (byte) (this instanceof Change ? 'C' : this instanceof ItemEvent ? 'I' : this instanceof Result ? 'R' : 'K');
        if (bytes != null) {
            System.arraycopy(bytes, 0, out, 1, bytes.length);
        }
        return out;
    }

    /** The input {@link #tagged()} wrote. */
    static Input fromTagged(byte[] tagged) {
        byte[] bytes = java.util.Arrays.copyOfRange(tagged, 1, tagged.length);
        return switch (tagged[0]) {
            case 'C' -> new Change(bytes);
            case 'I' -> new ItemEvent(bytes);
            case 'R' -> new Result(bytes);
            case 'K' -> new Control(bytes);
            default -> throw new IllegalArgumentException("unknown input tag " + tagged[0]);
        };
    }

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
