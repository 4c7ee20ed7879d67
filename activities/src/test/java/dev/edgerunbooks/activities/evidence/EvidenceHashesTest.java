package dev.edgerunbooks.activities.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Known answers for the canonical JSON, item hashes and Merkle roots. The hex values were computed
 * outside this code base (Python's hashlib over the JSON texts written out here), so a change to the
 * definitions in {@link EvidenceHashes} fails these tests.
 */
class EvidenceHashesTest {
  static final String EMPTY = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

  static byte[] sha256(byte[]... parts) throws Exception {
    MessageDigest d = MessageDigest.getInstance("SHA-256");
    for (byte[] p : parts) {
      d.update(p);
    }
    return d.digest();
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void canonicalJsonIsRfc8785() {
    // the example of RFC 8785, section 3.2.2
    String input = "{\"numbers\":[333333333.33333329,1E30,4.50,2e-3,0.000000000000000000000000001],"
        + "\"string\":\"\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c\\\\\\\"\\/\",\"literals\":[null,true,false]}";

    assertThat(EvidenceHashes.canonical(EvidenceHashes.parse(input)))
        .isEqualTo("{\"literals\":[null,true,false],\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27],"
            + "\"string\":\"€$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}");
  }

  @Test
  void canonicalJsonSortsKeysAtEveryDepthAndDropsWhitespace() {
    assertThat(EvidenceHashes.canonical(EvidenceHashes.parse("{ \"b\": {\"z\": 1, \"a\": [ 2, {\"y\":true, \"x\":null} ]}, \"a\": \"é\" }")))
        .isEqualTo("{\"a\":\"é\",\"b\":{\"a\":[2,{\"x\":null,\"y\":true}],\"z\":1}}");
  }

  @Test
  void anItemsHashIsTheSha256OfItsCanonicalData() {
    assertThat(EvidenceHashes.itemHash(EvidenceHashes.parse("{\"name\": \"pos\", \"memory\": \"2048\"}")))
        .isEqualTo("739c665e179d9b35a59dbb8fe28ef2accdd1b202471e10827aa158543d27e7ea");
    assertThat(EvidenceHashes.itemHash("{\"checks\":[],\"status\":\"HEALTH_OK\"}"))
        .isEqualTo("3e8a4280be6def6cda4f860bc589203ca33f87d46d985c0916826d899b3a655c");
  }

  @Test
  void aLeafIsTheHashOfZeroAndTheCanonicalIdAndHash() throws Exception {
    byte[] expected = sha256(new byte[] {0}, utf8("{\"id\":\"bundle\",\"sha256\":\"ab\"}"));

    assertThat(EvidenceHashes.itemLeaf("bundle", "ab")).isEqualTo(expected);
    assertThat(EvidenceHashes.storeLeaf("store-0001", "cd"))
        .isEqualTo(sha256(new byte[] {0}, utf8("{\"root\":\"cd\",\"store\":\"store-0001\"}")));
  }

  @Test
  void theEmptyTreeIsTheHashOfNothingAndOneLeafIsItself() throws Exception {
    assertThat(HexFormat.of().formatHex(EvidenceHashes.merkleRoot(List.of()))).isEqualTo(EMPTY);
    assertThat(EvidenceHashes.storeRoot(Map.of())).isEqualTo(EMPTY);
    byte[] leaf = EvidenceHashes.itemLeaf("a", "b");
    assertThat(EvidenceHashes.merkleRoot(List.of(leaf))).isEqualTo(leaf);
  }

  @Test
  void innerNodesSplitAtTheLargestPowerOfTwoBelowN() throws Exception {
    List<byte[]> l = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      l.add(sha256(utf8("leaf " + i)));
    }
    byte[] one = {1};
    // 3 leaves: (0 1) 2
    assertThat(EvidenceHashes.merkleRoot(l.subList(0, 3))).isEqualTo(sha256(one, sha256(one, l.get(0), l.get(1)), l.get(2)));
    // 5 leaves: ((0 1)(2 3)) 4
    byte[] four = sha256(one, sha256(one, l.get(0), l.get(1)), sha256(one, l.get(2), l.get(3)));
    assertThat(EvidenceHashes.merkleRoot(l.subList(0, 5))).isEqualTo(sha256(one, four, l.get(4)));
    // 7 leaves: ((0 1)(2 3)) ((4 5) 6)
    byte[] three = sha256(one, sha256(one, l.get(4), l.get(5)), l.get(6));
    assertThat(EvidenceHashes.merkleRoot(l)).isEqualTo(sha256(one, four, three));
  }

  @Test
  void storeRootKnownAnswerWithItemsInAnyOrder() {
    Map<String, String> items = new LinkedHashMap<>();
    items.put("guest/101/config", "739c665e179d9b35a59dbb8fe28ef2accdd1b202471e10827aa158543d27e7ea");
    items.put("bundle", "caf1b926e1d5ef8565b8ef0f7fcb5e9c4def4d990e3ffa40db2053685121e9aa");
    items.put("ceph/health", "3e8a4280be6def6cda4f860bc589203ca33f87d46d985c0916826d899b3a655c");

    assertThat(EvidenceHashes.storeRoot(items)).isEqualTo("38dd5b6f00482db54ea048ed20312afab4431261ba54288a209144d26acac3bb");
    assertThat(EvidenceHashes.itemHash(EvidenceHashes.parse("{\"101\":\"2026.11.0\"}"))).isEqualTo(items.get("bundle"));
  }

  @Test
  void fiveItemStoreAndFleetRootKnownAnswers() throws Exception {
    Map<String, String> five = new LinkedHashMap<>();
    for (int n = 4; n >= 0; n--) {
      five.put("i" + n, HexFormat.of().formatHex(sha256(utf8(Integer.toString(n)))));
    }
    assertThat(EvidenceHashes.storeRoot(five)).isEqualTo("de3aaecc5291908c966b415eaeef60fe50496fe0d78577c7f0dba010fe47cad1");

    Map<String, String> fleet = new LinkedHashMap<>();
    fleet.put("store-0002", "38dd5b6f00482db54ea048ed20312afab4431261ba54288a209144d26acac3bb");
    fleet.put("store-0001", "00".repeat(32));
    assertThat(EvidenceHashes.fleetRoot(fleet)).isEqualTo("bdc098063910bf17a2ecf6d66a49ff44cb7c412c4728c964ace337d6208ce352");
  }
}
