package dev.edgerunbooks.lab;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** One small lab per test class for the Vault stand-in's tests: its clock at {@link #T0} and Vault's faults cleared per test. */
abstract class VaultLabFixture {
    static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    static MutableClock clock;
    static Lab lab;

    static LabOptions smallLab() {
        return LabOptions.defaults().withStores(1).withBasePort(0).withAdminPort(0).withTimeScale(0)
                .withAuthFailureDelay(Duration.ZERO).withStaging(false);
    }

    @BeforeAll
    static void startLab() {
        clock = new MutableClock(T0);
        lab = Lab.start(smallLab().withClock(clock));
    }

    @AfterAll
    static void stopLab() {
        if (lab != null) lab.close();
        lab = null;
    }

    @BeforeEach
    void atT0() {
        clock.advance(Duration.between(clock.instant(), T0));
    }

    @AfterEach
    void clearFaults() {
        lab.vaultFaults().clear();
    }

    static X509Certificate x509(String pem) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    }

    /** Subject alternative names as {@code type:value} (2 DNS, 7 IP). */
    static List<String> sans(X509Certificate c) throws Exception {
        List<String> out = new ArrayList<>();
        Collection<List<?>> names = c.getSubjectAlternativeNames();
        if (names != null) for (List<?> n : names) out.add(n.get(0) + ":" + n.get(1));
        return out;
    }
}
