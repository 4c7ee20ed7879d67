package dev.edgerunbooks.runbooks.drdrill;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A network in CIDR notation, IPv4 ({@code 10.99.0.0/24}) or IPv6 ({@code fd00:99::/64}), read without DNS. */
final class Cidr {
  static final String FIX = "write the network in CIDR notation, e.g. 10.99.0.0/24 or fd00:99::/64";

  private static final Pattern V4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})");
  private static final Pattern V6 = Pattern.compile("([0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*)/(\\d{1,3})");

  private Cidr() {}

  /**
   * The network as written, checked.
   *
   * @throws IllegalArgumentException when it is not a network, or has host bits set (naming the network meant)
   */
  static String parse(String text) {
    String t = text.trim();
    byte[] address;
    int prefix;
    Matcher v4 = V4.matcher(t);
    Matcher v6 = V6.matcher(t);
    if (v4.matches()) {
      address = new byte[4];
      for (int i = 0; i < 4; i++) {
        int octet = Integer.parseInt(v4.group(i + 1));
        if (octet > 255) {
          throw new IllegalArgumentException("\"" + text + "\" has an address part above 255");
        }
        address[i] = (byte) octet;
      }
      prefix = Integer.parseInt(v4.group(5));
    } else if (v6.matches()) {
      try {
        // Only called on text of hex digits, ':' and '.', which InetAddress reads as a literal, never via DNS.
        address = InetAddress.getByName(v6.group(1)).getAddress();
      } catch (UnknownHostException e) {
        throw new IllegalArgumentException("\"" + text + "\" is not an IPv6 network");
      }
      prefix = Integer.parseInt(v6.group(2));
    } else {
      throw new IllegalArgumentException("\"" + text + "\" is not a network in CIDR notation");
    }
    if (prefix > address.length * 8) {
      throw new IllegalArgumentException("\"" + text + "\" has a prefix longer than " + address.length * 8 + " bits");
    }
    byte[] network = address.clone();
    for (int bit = prefix; bit < network.length * 8; bit++) {
      network[bit / 8] &= (byte) ~(0x80 >> (bit % 8));
    }
    if (!Arrays.equals(address, network)) {
      throw new IllegalArgumentException("\"" + text + "\" has host bits set; the network is " + format(network) + "/" + prefix);
    }
    return t;
  }

  private static String format(byte[] network) {
    try {
      return InetAddress.getByAddress(network).getHostAddress();
    } catch (UnknownHostException e) {
      throw new IllegalStateException("4 or 16 bytes are an address", e);
    }
  }
}
