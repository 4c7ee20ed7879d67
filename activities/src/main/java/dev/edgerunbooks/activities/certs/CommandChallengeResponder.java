package dev.edgerunbooks.activities.certs;

import dev.edgerunbooks.activities.command.OutOfBandCommand;
import dev.edgerunbooks.workflows.common.FailureTypes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Publishes challenges with a configured command, like certbot's manual auth and cleanup hooks: the
 * command runs (no shell) with {@code present} or {@code cleanup} as its last argument and the
 * challenge in its environment:
 *
 * <pre>
 * ACME_CHALLENGE          http-01 | dns-01
 * ACME_DOMAIN             the name being proved
 * ACME_TOKEN              the challenge token
 * ACME_KEY_AUTHORIZATION  http-01: serve it at http://$ACME_DOMAIN/.well-known/acme-challenge/$ACME_TOKEN
 * ACME_TXT_NAME           dns-01: the record to set, _acme-challenge.$ACME_DOMAIN.
 * ACME_TXT_VALUE          dns-01: its TXT value
 * </pre>
 *
 * It must return only once the CA can see the challenge (DNS propagated), within the timeout. A
 * command that cannot start, exits non-zero or overruns fails with {@code CertificateNotIssued}
 * (not retried), naming the command and its last output.
 */
public final class CommandChallengeResponder implements ChallengeResponder {
  private final List<String> command;
  private final Duration timeout;

  public CommandChallengeResponder(List<String> command, Duration timeout) {
    if (command.isEmpty()) {
      throw new IllegalArgumentException("the ACME challenge hook needs a command");
    }
    this.command = List.copyOf(command);
    this.timeout = timeout;
  }

  @Override
  public void present(AcmeChallenge challenge, Runnable heartbeat) {
    run("present", challenge, heartbeat);
  }

  @Override
  public void cleanup(AcmeChallenge challenge, Runnable heartbeat) {
    run("cleanup", challenge, heartbeat);
  }

  private void run(String step, AcmeChallenge c, Runnable heartbeat) {
    List<String> argv = new ArrayList<>(command);
    argv.add(step);
    Map<String, String> env = new LinkedHashMap<>();
    env.put("ACME_CHALLENGE", c.type());
    env.put("ACME_DOMAIN", c.domain());
    env.put("ACME_TOKEN", c.token());
    if (c.keyAuthorization() != null) {
      env.put("ACME_KEY_AUTHORIZATION", c.keyAuthorization());
    }
    if (c.txtName() != null) {
      env.put("ACME_TXT_NAME", c.txtName());
      env.put("ACME_TXT_VALUE", c.txtValue());
    }
    OutOfBandCommand.run(argv, env, timeout,
        "ACME " + c.type() + " hook (" + step + ") for " + c.domain() + " (" + command.get(0) + ")",
        FailureTypes.CERTIFICATE_NOT_ISSUED, heartbeat);
  }

  @Override
  public String toString() {
    return "CommandChallengeResponder[" + command.get(0) + "]";
  }
}
