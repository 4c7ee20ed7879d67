package dev.edgerunbooks.activities.report;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Set;
import javax.crypto.KeyAgreement;

/**
 * Signs reports with ECDSA over P-256 and SHA-256 ({@code SHA256withECDSA}, DER-encoded
 * signatures), using only the JDK's providers.
 *
 * <p>The key is a PKCS#8 PEM private key ({@code -----BEGIN PRIVATE KEY-----}, as {@code openssl
 * genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256} writes it); the public key is derived
 * from it and published beside every signature, identified by {@link #keyId()}, the SHA-256 of its
 * DER (X.509 SubjectPublicKeyInfo) encoding in hex.
 *
 * <p>In production {@link #load} reads the key file the configuration names; in embedded mode
 * {@link #loadOrCreate} makes one, readable by its owner only, on first start.
 */
public final class ReportSigner {
  public static final String ALGORITHM = "SHA256withECDSA";
  public static final String CURVE = "P-256";

  private static final String PRIVATE_BEGIN = "-----BEGIN PRIVATE KEY-----";
  private static final String PRIVATE_END = "-----END PRIVATE KEY-----";

  private final ECPrivateKey privateKey;
  private final ECPublicKey publicKey;
  private final String keyId;

  private ReportSigner(ECPrivateKey privateKey, ECPublicKey publicKey) {
    this.privateKey = privateKey;
    this.publicKey = publicKey;
    this.keyId = sha256Hex(publicKey.getEncoded());
  }

  /**
   * Reads the PKCS#8 PEM P-256 private key at {@code keyFile}.
   *
   * @throws IllegalStateException naming the file, the problem and the fix when the file is missing,
   *     unreadable, not a PKCS#8 PEM private key, or not a P-256 key
   */
  public static ReportSigner load(Path keyFile) {
    String pem;
    try {
      pem = Files.readString(keyFile, StandardCharsets.US_ASCII);
    } catch (NoSuchFileException e) {
      throw new IllegalStateException("report signing key " + keyFile + " does not exist: "
          + "point the signing key setting at a PKCS#8 PEM P-256 private key", e);
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException("report signing key " + keyFile + " cannot be read ("
          + e.getMessage() + "): check that it is a file the worker may read", e);
    }
    return fromPem(pem, keyFile);
  }

  /**
   * A signer from the text of a PKCS#8 PEM P-256 private key (a CI secret, a test's key).
   *
   * @param source names the key in messages: a file, or where the text came from
   * @throws IllegalStateException naming the source, the problem and the fix when it is not such a key
   */
  public static ReportSigner fromPem(String pem, Object source) {
    ECPrivateKey key = parsePrivateKey(source, pem);
    return new ReportSigner(key, derivePublicKey(key, source));
  }

  /** A fresh P-256 key, kept in memory only: for tests and one-off signing. */
  public static ReportSigner generate() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      KeyPair pair = generator.generateKeyPair();
      return new ReportSigner((ECPrivateKey) pair.getPrivate(), (ECPublicKey) pair.getPublic());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK cannot generate P-256 keys", e);
    }
  }

  /** The private key as PKCS#8 PEM, to hand to {@link #fromPem}: handle it as the secret it is. */
  public String privateKeyPem() {
    return pem(PRIVATE_BEGIN, PRIVATE_END, privateKey.getEncoded());
  }

  /**
   * Loads the key at {@code keyFile}, or, when there is no file there, creates a fresh P-256 key and
   * writes it there (PKCS#8 PEM, owner read/write only where the file system has POSIX permissions).
   * For embedded mode; production configures a key it manages.
   */
  public static ReportSigner loadOrCreate(Path keyFile) {
    if (Files.exists(keyFile)) {
      return load(keyFile);
    }
    String pem = generate().privateKeyPem();
    Path tmp = null;
    try {
      Path dir = keyFile.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      tmp = createOwnerOnly(dir, keyFile.getFileName() + ".");
      Files.writeString(tmp, pem, StandardCharsets.US_ASCII);
      // never replace a key another process created meanwhile: a hard link fails if the name is taken
      try {
        Files.createLink(keyFile, tmp);
      } catch (FileAlreadyExistsException e) {
        throw e;
      } catch (UnsupportedOperationException | FileSystemException e) {
        // no hard links here: a plain move, which also refuses to replace an existing file
        Files.move(tmp, keyFile);
        tmp = null;
      }
    } catch (FileAlreadyExistsException e) {
      // another process created it first: use that one
    } catch (IOException e) {
      throw new IllegalStateException("cannot create report signing key " + keyFile + " ("
          + e.getMessage() + "): check that its folder is writable, or configure an existing key", e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // best effort
        }
      }
    }
    return load(keyFile);
  }

  private static Path createOwnerOnly(Path dir, String prefix) throws IOException {
    if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      Set<PosixFilePermission> ownerOnly = PosixFilePermissions.fromString("rw-------");
      return Files.createTempFile(dir, prefix, ".tmp", PosixFilePermissions.asFileAttribute(ownerOnly));
    }
    Path tmp = Files.createTempFile(dir, prefix, ".tmp");
    var file = tmp.toFile();
    file.setReadable(false, false);
    file.setWritable(false, false);
    file.setReadable(true, true);
    file.setWritable(true, true);
    return tmp;
  }

  /** Hex SHA-256 of the DER-encoded public key. */
  public String keyId() {
    return keyId;
  }

  /**
   * The {@link #keyId()} of a published public key: hex SHA-256 of its DER encoding.
   *
   * @throws IllegalArgumentException when {@code publicKeyPem} has no {@code PUBLIC KEY} PEM block
   */
  public static String keyIdOf(String publicKeyPem) {
    return sha256Hex(der(publicKeyPem, "PUBLIC KEY"));
  }

  public PublicKey publicKey() {
    return publicKey;
  }

  /** The public key as PEM ({@code -----BEGIN PUBLIC KEY-----}, X.509 SubjectPublicKeyInfo). */
  public String publicKeyPem() {
    return pem("-----BEGIN PUBLIC KEY-----", "-----END PUBLIC KEY-----", publicKey.getEncoded());
  }

  /** A DER-encoded ECDSA signature over exactly {@code data}. */
  public byte[] sign(byte[] data) {
    try {
      Signature signature = Signature.getInstance(ALGORITHM);
      signature.initSign(privateKey);
      signature.update(data);
      return signature.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign with report key " + keyId, e);
    }
  }

  /** Whether {@code signature} is this key's signature over exactly {@code data}. */
  public boolean verify(byte[] data, byte[] signature) {
    return verify(publicKey, data, signature);
  }

  /**
   * Whether {@code signature} is a signature over {@code data} by the key {@code publicKeyPem}: what
   * an auditor holding only the report, its {@code .sig} and the published key runs.
   */
  public static boolean verify(String publicKeyPem, byte[] data, byte[] signature) {
    PublicKey key;
    try {
      key = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(der(publicKeyPem, "PUBLIC KEY")));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
    return verify(key, data, signature);
  }

  private static boolean verify(PublicKey key, byte[] data, byte[] signature) {
    try {
      Signature verifier = Signature.getInstance(ALGORITHM);
      verifier.initVerify(key);
      verifier.update(data);
      return verifier.verify(signature);
    } catch (SignatureException | InvalidKeyException e) {
      return false;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK cannot verify " + ALGORITHM, e);
    }
  }

  /** SHA-256 of {@code data} in hex. */
  public static String sha256Hex(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK has no SHA-256", e);
    }
  }

  private static ECPrivateKey parsePrivateKey(Object source, String pem) {
    String problem;
    if (pem.contains("-----BEGIN EC PRIVATE KEY-----")) {
      problem = "it is a SEC1 'EC PRIVATE KEY'; convert it with "
          + "'openssl pkcs8 -topk8 -nocrypt -in old.pem -out key.pem'";
    } else if (pem.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----")) {
      problem = "it is encrypted; the worker needs an unencrypted PKCS#8 key (protect the file instead)";
    } else if (!pem.contains(PRIVATE_BEGIN)) {
      problem = "it has no '" + PRIVATE_BEGIN + "' block";
    } else {
      try {
        var key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der(pem, "PRIVATE KEY")));
        if (key instanceof ECPrivateKey ec && isP256(ec.getParams())) {
          return ec;
        }
        problem = "it is an EC key on another curve, not P-256";
      } catch (IllegalArgumentException e) {
        problem = "its PEM body is not valid base64";
      } catch (InvalidKeySpecException e) {
        problem = "its body is not a PKCS#8 EC private key (" + e.getMessage() + ")";
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("this JDK has no EC key support", e);
      }
    }
    throw new IllegalStateException("report signing key " + source + " is not a PKCS#8 PEM P-256 private key: "
        + problem + ". Create one with 'openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "
        + (source instanceof Path file ? file.getFileName() : "key.pem") + "', or delete the file in embedded mode to have a new one made");
  }

  private static boolean isP256(ECParameterSpec params) {
    ECParameterSpec p256 = p256();
    return params.getCurve().equals(p256.getCurve())
        && params.getGenerator().equals(p256.getGenerator())
        && params.getOrder().equals(p256.getOrder());
  }

  private static ECParameterSpec p256() {
    try {
      var parameters = java.security.AlgorithmParameters.getInstance("EC");
      parameters.init(new ECGenParameterSpec("secp256r1"));
      return parameters.getParameterSpec(ECParameterSpec.class);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK has no P-256", e);
    }
  }

  /**
   * The public key {@code d·G} of a private key {@code d}, with the JDK only: ECDH of {@code d} with
   * the generator gives the point's x; y is one of the two square roots of {@code x³ + ax + b}, and
   * the one whose key verifies a signature made with {@code d} is it.
   */
  private static ECPublicKey derivePublicKey(ECPrivateKey privateKey, Object source) {
    ECParameterSpec params = privateKey.getParams();
    try {
      KeyFactory keys = KeyFactory.getInstance("EC");
      PublicKey generator = keys.generatePublic(new ECPublicKeySpec(params.getGenerator(), params));
      KeyAgreement ecdh = KeyAgreement.getInstance("ECDH");
      ecdh.init(privateKey);
      ecdh.doPhase(generator, true);
      BigInteger x = new BigInteger(1, ecdh.generateSecret());

      BigInteger p = ((java.security.spec.ECFieldFp) params.getCurve().getField()).getP();
      BigInteger rhs = x.pow(3).add(params.getCurve().getA().multiply(x)).add(params.getCurve().getB()).mod(p);
      // p ≡ 3 (mod 4) for P-256, so a square root is rhs^((p+1)/4)
      BigInteger y = rhs.modPow(p.add(BigInteger.ONE).shiftRight(2), p);
      if (!y.multiply(y).mod(p).equals(rhs)) {
        throw new IllegalStateException("report signing key " + source + " does not give a point on P-256");
      }
      byte[] probe = "edge-runbooks public key derivation".getBytes(StandardCharsets.US_ASCII);
      Signature signer = Signature.getInstance(ALGORITHM);
      signer.initSign(privateKey);
      signer.update(probe);
      byte[] signature = signer.sign();
      for (BigInteger candidate : new BigInteger[] {y, p.subtract(y).mod(p)}) {
        ECPublicKey key = (ECPublicKey) keys.generatePublic(new ECPublicKeySpec(new ECPoint(x, candidate), params));
        if (verify(key, probe, signature)) {
          return key;
        }
      }
      throw new IllegalStateException("cannot derive the public key of report signing key " + source);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("report signing key " + source + " is not a usable P-256 key: "
          + e.getMessage(), e);
    }
  }

  private static byte[] der(String pem, String type) {
    String begin = "-----BEGIN " + type + "-----";
    String end = "-----END " + type + "-----";
    int from = pem.indexOf(begin);
    int to = pem.indexOf(end, from + 1);
    if (from < 0 || to < 0) {
      throw new IllegalArgumentException("no " + type + " PEM block");
    }
    String body = pem.substring(from + begin.length(), to).replaceAll("\\s", "");
    return Base64.getDecoder().decode(body);
  }

  private static String pem(String begin, String end, byte[] der) {
    return begin + "\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der) + "\n" + end + "\n";
  }
}
