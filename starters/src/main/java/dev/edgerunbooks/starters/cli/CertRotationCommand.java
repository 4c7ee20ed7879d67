package dev.edgerunbooks.starters.cli;

import dev.edgerunbooks.workflows.certrotation.CertRotationRequest;
import picocli.CommandLine.Command;

@Command(
    name = "cert-rotation",
    mixinStandardHelpOptions = true,
    description = {
      "Certificate rotation: renew the nodes' certificates that are due, inside each store's window.",
      "It reads the certificate every node of every store serves and renews those due"
          + " (expiring within renewBefore, or older than maxAge, as runbooks/rotation.yaml says), one node at a"
          + " time inside the store's maintenance window: issue, deploy, verify by handshake, then pin. A new"
          + " certificate that is not served is replaced by the previous one again.",
      "The run is cert-rotation/<date> (UTC); --force runs beside it as cert-rotation/<date>/forced-<epochMillis>."
          + " --dry-run lists what would be renewed and why, and changes nothing.",
      "The summary puts the escalations first (certificates close to expiry that were not renewed), then lists"
          + " every node that was due or failed; exit code 1 when a node failed or a store could not be checked."
    })
public class CertRotationCommand extends RotationCommand {
  public CertRotationCommand(Output output) {
    super(output, RotationRuns.CERTIFICATES, CertRotationRequest::new);
  }
}
