package dev.edgerunbooks.lab;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * PVE login tickets ({@code PVE:<user>:<hex time>::<signature>}) and CSRF prevention tokens ({@code <hex time>:<signature>}),
 * signed with the cluster's auth key (HMAC-SHA256 here; PVE signs tickets with RSA). Valid for two hours.
 */
final class Tickets {
    static final long LIFETIME = 7200;
    static final long CLOCK_SKEW = 300;

    private Tickets() {}

    static String sign(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return Base64.getEncoder().withoutPadding().encodeToString(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String ticket(byte[] key, String user, long epoch) {
        String plain = "PVE:" + user + ":" + String.format("%08X", epoch);
        return plain + "::" + sign(key, plain);
    }

    static String csrf(byte[] key, String user, long epoch) {
        String ts = String.format("%08X", epoch);
        return ts + ":" + sign(key, ts + ":" + user);
    }

    private static boolean fresh(String hex, long now) {
        try {
            long t = Long.parseLong(hex, 16);
            return t <= now + CLOCK_SKEW && now - t <= LIFETIME;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static boolean same(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    /** The user of a valid, unexpired ticket, or null. */
    static String verify(byte[] key, String ticket, long now) {
        if (ticket == null || !ticket.startsWith("PVE:")) return null;
        int sep = ticket.indexOf("::");
        if (sep < 0) return null;
        String plain = ticket.substring(0, sep);
        String[] f = plain.split(":");
        if (f.length != 3 || !fresh(f[2], now)) return null;
        return same(sign(key, plain), ticket.substring(sep + 2)) ? f[1] : null;
    }

    static boolean verifyCsrf(byte[] key, String user, String token, long now) {
        if (token == null) return false;
        int colon = token.indexOf(':');
        if (colon != 8) return false;
        String ts = token.substring(0, colon);
        return fresh(ts, now) && same(sign(key, ts + ":" + user), token.substring(colon + 1));
    }
}
