package org.memspice.bnn;

import java.util.Base64;

/**
 * Bit packing of +/-1 weights for model files: weight n (in the layer's documented flat order) is bit
 * {@code n % 8} (least significant first) of byte {@code n / 8}; bit 1 means +1, bit 0 means -1. The bytes
 * are written as standard base64 (RFC 4648, with padding). Unused bits of the last byte are 0.
 */
public final class SignBits {
    private SignBits() {}

    /** Packs signs (value >= 0 is +1) into base64. */
    public static String encode(float[] signs) {
        byte[] bytes = new byte[(signs.length + 7) / 8];
        for (int n = 0; n < signs.length; n++) {
            if (signs[n] >= 0f) {
                bytes[n >>> 3] |= (byte) (1 << (n & 7));
            }
        }
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** Sign bits that cannot be decoded: what was {@code found} and what was {@code expected}. */
    public static final class Malformed extends IllegalArgumentException {
        private final String found, expected;

        Malformed(String found, String expected) {
            super(found + ", expected " + expected);
            this.found = found;
            this.expected = expected;
        }

        public String found() {
            return found;
        }

        public String expected() {
            return expected;
        }
    }

    /** Unpacks {@code count} signs as +1f/-1f; {@link Malformed} saying what is wrong. */
    public static float[] decode(String base64, int count) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new Malformed("not valid base64 (" + e.getMessage() + ")", "standard base64 (RFC 4648) with padding");
        }
        int expected = (count + 7) / 8;
        if (bytes.length != expected) {
            throw new Malformed("holds " + bytes.length + " bytes (" + 8L * bytes.length + " bits)",
                    expected + " bytes for " + count + " weights");
        }
        if ((count & 7) != 0 && (bytes[expected - 1] & 0xff) >>> (count & 7) != 0) {
            throw new Malformed("has non-zero padding bits after weight " + count, "unused bits of the last byte 0");
        }
        float[] signs = new float[count];
        for (int n = 0; n < count; n++) {
            signs[n] = (bytes[n >>> 3] >>> (n & 7) & 1) != 0 ? 1f : -1f;
        }
        return signs;
    }
}
