package com.coeffection.sync.processor.state;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * Unsynchronized byte-array streams for {@link RecordStateSerde}: the JDK's ByteArrayInput/OutputStream lock on every
 * byte, and a record's state is read and written byte by byte (DataInput/DataOutput) for every input the processor
 * handles. Each instance is used by one thread for one state. (No library on the project's list offers these.)
 */
final class StateBytes {
    private StateBytes() {
    }

    /** Reads an array; {@link #array()} and {@link #position()} let a decoder read a span in place. */
    static final class In extends InputStream {
        private final byte[] data;
        private int position;

        In(byte[] data) {
            this.data = data;
        }

        @Override
        public int read() {
            return position < data.length ? data[position++] & 0xff : -1;
        }

        @Override
        public int read(byte[] into, int offset, int length) {
            if (length == 0) {
                return 0;
            }
            int n = Math.min(length, data.length - position);
            if (n <= 0) {
                return -1;
            }
            System.arraycopy(data, position, into, offset, n);
            position += n;
            return n;
        }

        @Override
        public long skip(long n) {
            int skipped = (int) Math.max(0, Math.min(n, data.length - position));
            position += skipped;
            return skipped;
        }

        @Override
        public int available() {
            return data.length - position;
        }

        byte[] array() {
            return data;
        }

        int position() {
            return position;
        }
    }

    /** A growing array. */
    static final class Out extends OutputStream {
        private byte[] data;
        private int size;

        Out(int capacity) {
            this.data = new byte[capacity];
        }

        @Override
        public void write(int b) {
            ensure(1);
            data[size++] = (byte) b;
        }

        @Override
        public void write(byte[] from, int offset, int length) {
            ensure(length);
            System.arraycopy(from, offset, data, size, length);
            size += length;
        }

        int size() {
            return size;
        }

        void reset() {
            size = 0;
        }

        void writeTo(OutputStream out) throws java.io.IOException {
            out.write(data, 0, size);
        }

        byte[] toByteArray() {
            return Arrays.copyOf(data, size);
        }

        private void ensure(int more) {
            if (size + more > data.length) {
                data = Arrays.copyOf(data, Math.max(data.length * 2, size + more));
            }
        }
    }
}
