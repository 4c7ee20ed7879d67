package dev.edgerunbooks.activities.certs;

import static org.junit.jupiter.api.Assertions.fail;

import dev.edgerunbooks.activities.tls.Pem;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's pebble (the ACME test CA, package {@code pebble}) as a child process on free loopback
 * ports, validating for real against {@code pebble-challtestsrv}: its mock DNS server answers every
 * name with 127.0.0.1 and the TXT records its management API sets (DNS-01), and its HTTP-01 server,
 * on the port pebble checks, serves the key authorizations the management API adds (HTTP-01). Pebble's own TLS certificate, for 127.0.0.1 and
 * localhost, is made here with Bouncy Castle (the package ships none); {@link #tlsCaPem()} is what a
 * client trusts the directory with.
 *
 * <p>For other modules' tests too (the activities test-jar): {@code try (Pebble pebble =
 * Pebble.start()) { … }}, after {@link #assumeInstalled()}.
 */
public final class Pebble implements AutoCloseable {
  private static final HttpClient PLAIN = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final Path dir;
  private final List<Process> processes;
  private final int acmePort;
  private final int managementPort;
  private final int challengePort;
  private final String tlsCaPem;
  private final HttpClient https;

  private Pebble(Path dir, List<Process> processes, int acmePort, int managementPort, int challengePort, String tlsCaPem) {
    this.dir = dir;
    this.processes = processes;
    this.acmePort = acmePort;
    this.managementPort = managementPort;
    this.challengePort = challengePort;
    this.tlsCaPem = tlsCaPem;
    this.https = HttpClient.newBuilder().sslContext(Pem.trusting(tlsCaPem, "pebble's TLS certificate"))
        .connectTimeout(Duration.ofSeconds(2)).build();
  }

  /** A program on the PATH, if installed. */
  public static Optional<Path> binary(String name) {
    return Stream.of(System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator))
        .map(d -> Path.of(d, name))
        .filter(Files::isExecutable)
        .findFirst();
  }

  /** Fails when CI runs without pebble (CI installs it: ACME is tested against the real thing), else skips the test. */
  public static void assumeInstalled() {
    if (binary("pebble").isPresent() && binary("pebble-challtestsrv").isPresent()) {
      return;
    }
    String why = "pebble is not installed: ACME issuance is tested against a real ACME CA (Debian's package: apt-get install pebble)";
    if (System.getenv("CI") != null) {
      fail(why + "; CI must run this test");
    }
    Assumptions.abort(why);
  }

  /** Starts pebble-challtestsrv and pebble, and waits until both answer. */
  public static Pebble start() {
    Path dir;
    try {
      dir = Files.createTempDirectory("edge-pebble");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<Process> processes = new ArrayList<>();
    try {
      int acme = freePort(false);
      int management = freePort(false);
      int dns = freePort(true);
      int challenge = freePort(false);
      int http01 = freePort(false);
      String caPem = writeTlsCertificate(dir);
      Files.writeString(dir.resolve("pebble-config.json"), """
          {
            "pebble": {
              "listenAddress": "127.0.0.1:%d",
              "managementListenAddress": "127.0.0.1:%d",
              "certificate": "%s",
              "privateKey": "%s",
              "httpPort": %d,
              "tlsPort": %d,
              "ocspResponderURL": "",
              "externalAccountBindingRequired": false
            }
          }
          """.formatted(acme, management, dir.resolve("cert.pem"), dir.resolve("key.pem"), http01, freePort(false)));
      processes.add(launch(dir, "challtestsrv", List.of(binary("pebble-challtestsrv").orElseThrow().toString(),
          "-dns01", "127.0.0.1:" + dns, "-management", "127.0.0.1:" + challenge,
          "-http01", "127.0.0.1:" + http01, "-https01", "", "-tlsalpn01", "", "-defaultIPv6", "")));
      ProcessBuilder pebble = new ProcessBuilder(binary("pebble").orElseThrow().toString(),
          "-config", dir.resolve("pebble-config.json").toString(), "-dnsserver", "127.0.0.1:" + dns);
      // validate at once, and never refuse a good nonce (acme4j would retry, but a test need not wait)
      pebble.environment().put("PEBBLE_VA_NOSLEEP", "1");
      pebble.environment().put("PEBBLE_WFE_NONCEREJECT", "0");
      processes.add(launch(dir, "pebble", pebble));
      Pebble started = new Pebble(dir, processes, acme, management, challenge, caPem);
      started.await("pebble-challtestsrv", () -> started.answers(PLAIN, "http://127.0.0.1:" + challenge + "/"));
      started.await("pebble", () -> started.answers(started.https, started.directory().toString()));
      return started;
    } catch (IOException e) {
      stopAll(processes, dir);
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      stopAll(processes, dir);
      throw e;
    }
  }

  /** The ACME directory. */
  public URI directory() {
    return URI.create("https://127.0.0.1:" + acmePort + "/dir");
  }

  /** The certificate pebble's HTTPS serves (self-signed): trust the directory with it. */
  public String tlsCaPem() {
    return tlsCaPem;
  }

  /** Pebble's current root CA, from its management API: what the certificates it issues chain to. */
  public X509Certificate root() {
    try {
      HttpResponse<String> r = https.send(
          HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + managementPort + "/roots/0")).build(),
          HttpResponse.BodyHandlers.ofString());
      return Pem.leaf(r.body(), "pebble's root");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The management API of the mock DNS server: {@code POST /set-txt}, {@code /clear-txt}. */
  public URI challengeManagement() {
    return URI.create("http://127.0.0.1:" + challengePort);
  }

  /**
   * A DNS-01 hook for {@link CommandChallengeResponder}: a shell script that sets ({@code present})
   * and clears ({@code cleanup}) the TXT record through the mock DNS server's management API with
   * curl, as an operator's hook would call their DNS provider's API.
   */
  public List<String> dnsHook() {
    return hook("dns-01-hook.sh", """
          #!/bin/sh
          set -eu
          name="$ACME_TXT_NAME"
          case "$name" in *.) ;; *) name="$name." ;; esac
          case "$1" in
            present) curl -sS -f -X POST -d "{\\"host\\":\\"$name\\",\\"value\\":\\"$ACME_TXT_VALUE\\"}" %1$s/set-txt ;;
            cleanup) curl -sS -f -X POST -d "{\\"host\\":\\"$name\\"}" %1$s/clear-txt ;;
            *) echo "unknown step $1" >&2; exit 2 ;;
          esac
          """.formatted(challengeManagement()));
  }

  /**
   * An HTTP-01 hook for {@link CommandChallengeResponder}: a shell script that adds ({@code present})
   * and removes ({@code cleanup}) the key authorization on the mock HTTP-01 server through its
   * management API with curl, as an operator's hook would put a file on the node's web server.
   */
  public List<String> httpHook() {
    return hook("http-01-hook.sh", """
        #!/bin/sh
        set -eu
        case "$1" in
          present) curl -sS -f -X POST -d "{\\"token\\":\\"$ACME_TOKEN\\",\\"content\\":\\"$ACME_KEY_AUTHORIZATION\\"}" %1$s/add-http01 ;;
          cleanup) curl -sS -f -X POST -d "{\\"token\\":\\"$ACME_TOKEN\\"}" %1$s/del-http01 ;;
          *) echo "unknown step $1" >&2; exit 2 ;;
        esac
        """.formatted(challengeManagement()));
  }

  private List<String> hook(String name, String text) {
    Path script = dir.resolve(name);
    try {
      Files.writeString(script, text);
      Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return List.of(script.toString());
  }

  /** What pebble and the mock DNS server said, for a failing test. */
  public String log() {
    StringBuilder out = new StringBuilder();
    for (String name : List.of("challtestsrv", "pebble")) {
      try {
        String text = Files.readString(dir.resolve(name + ".log"));
        out.append("--- ").append(name).append('\n').append(text.length() <= 3000 ? text : text.substring(text.length() - 3000));
      } catch (IOException e) {
        out.append("--- ").append(name).append(": no log\n");
      }
    }
    return out.toString();
  }

  @Override
  public void close() {
    for (Process p : processes) {
      p.destroy();
      try {
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
          p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        p.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
    delete(dir);
  }

  private static void stopAll(List<Process> processes, Path dir) {
    processes.forEach(Process::destroyForcibly);
    delete(dir);
  }

  private static Process launch(Path dir, String name, List<String> argv) throws IOException {
    return launch(dir, name, new ProcessBuilder(argv));
  }

  private static Process launch(Path dir, String name, ProcessBuilder builder) throws IOException {
    return builder.redirectErrorStream(true).redirectOutput(dir.resolve(name + ".log").toFile()).start();
  }

  private void await(String what, BooleanSupplier up) {
    Instant deadline = Instant.now().plusSeconds(30);
    while (!up.getAsBoolean()) {
      for (Process p : processes) {
        if (!p.isAlive()) {
          throw new IllegalStateException(what + " did not start: a process exited with " + p.exitValue() + "\n" + log());
        }
      }
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException(what + " did not answer within 30 s\n" + log());
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  private boolean answers(HttpClient client, String url) {
    try {
      client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
      return true;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** A free loopback port; with {@code udpToo} free for UDP as well (a DNS server binds both). */
  static int freePort(boolean udpToo) throws IOException {
    for (int attempt = 0; attempt < 50; attempt++) {
      try (ServerSocket tcp = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        int port = tcp.getLocalPort();
        if (!udpToo) {
          return port;
        }
        try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
          return port;
        } catch (IOException taken) {
          // taken for UDP: try another
        }
      }
    }
    throw new IOException("no free loopback port for TCP and UDP");
  }

  /** A self-signed P-256 certificate for 127.0.0.1 and localhost, as cert.pem and key.pem; returns the certificate's PEM. */
  private static String writeTlsCertificate(Path dir) throws IOException {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      KeyPair key = generator.generateKeyPair();
      X500Name name = new X500Name("CN=pebble localhost");
      Instant now = Instant.now();
      JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now.toEpochMilli()),
          Date.from(now.minusSeconds(60)), Date.from(now.plus(Duration.ofDays(1))), name, key.getPublic());
      builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
          new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.dNSName, "localhost")}));
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      X509Certificate cert = new JcaX509CertificateConverter()
          .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate())));
      String pem = Pem.encode(List.of(cert));
      Files.writeString(dir.resolve("cert.pem"), pem);
      Files.writeString(dir.resolve("key.pem"), Pem.encode(key.getPrivate()));
      return pem;
    } catch (IOException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("cannot make pebble's TLS certificate", e);
    }
  }

  private static void delete(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary folder left behind
    }
  }
}
