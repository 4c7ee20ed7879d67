package dev.edgerunbooks.lab;

import java.util.concurrent.CountDownLatch;

/** Standalone entry point: {@code java -jar lab.jar --stores 20 --base-port 20000 --admin-port 19999 --time-scale 0.1 --seed edge-lab}. */
public final class Main {
    private Main() {}

    public static void main(String[] args) throws Exception {
        LabOptions o = LabOptions.defaults();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String v = i + 1 < args.length ? args[i + 1] : null;
            switch (a) {
                case "--stores" -> { o = o.withStores(Integer.parseInt(v)); i++; }
                case "--base-port" -> { o = o.withBasePort(Integer.parseInt(v)); i++; }
                case "--admin-port" -> { o = o.withAdminPort(Integer.parseInt(v)); i++; }
                case "--time-scale" -> { o = o.withTimeScale(Double.parseDouble(v)); i++; }
                case "--seed" -> { o = o.withSeed(v); i++; }
                case "--auth-failure-delay-ms" -> { o = o.withAuthFailureDelay(java.time.Duration.ofMillis(Long.parseLong(v))); i++; }
                case "--no-staging" -> o = o.withStaging(false);
                case "--wiped-staging" -> o = o.withWipedStaging(true);
                case "--vault-port" -> { o = o.withVaultPort(Integer.parseInt(v)); i++; }
                case "-h", "--help" -> {
                    System.out.println("usage: java -jar lab.jar [--stores N] [--base-port P] [--admin-port P] [--time-scale X] [--seed S] [--auth-failure-delay-ms MS] [--no-staging] [--wiped-staging] [--vault-port P]");
                    return;
                }
                default -> throw new IllegalArgumentException("unknown option " + a + " (try --help)");
            }
        }
        long t0 = System.nanoTime();
        Lab lab = Lab.start(o);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        String first = lab.storeIds().isEmpty() ? null : lab.storeIds().get(0);
        System.out.printf("edge lab started in %d ms: %d stores + %d staging clusters, seed '%s', time scale %s%n",
                ms, lab.storeIds().size(), lab.stagingIds().size(), o.seed(), o.timeScale());
        if (first != null) {
            String last = lab.storeIds().get(lab.storeIds().size() - 1);
            System.out.printf("  %s: PVE %s (pve1..pve3 on consecutive ports), PBS %s%n", first, lab.pveUri(first, "pve1"), lab.pbsUri(first));
            System.out.printf("  %s: PVE %s, PBS %s%n", last, lab.pveUri(last, "pve1"), lab.pbsUri(last));
        }
        for (String s : lab.stagingIds()) System.out.printf("  %s: PVE %s%n", s, lab.pveUri(s, "stg1"));
        System.out.printf("admin API: %s  (GET /lab/stores, GET /lab/fleet.yaml, GET /metrics)%n", lab.adminUri());
        System.out.printf("Vault: %s  token %s  (KV v2 at secret/, PKI at pki/ with role edge-node)%n", lab.vaultAddress(), lab.vaultToken());
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            lab.close();
            done.countDown();
        }));
        done.await();
    }
}
