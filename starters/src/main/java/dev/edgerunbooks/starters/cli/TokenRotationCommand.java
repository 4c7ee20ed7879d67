package dev.edgerunbooks.starters.cli;

import dev.edgerunbooks.workflows.tokenrotation.TokenRotationRequest;
import picocli.CommandLine.Command;

@Command(
    name = "token-rotation",
    mixinStandardHelpOptions = true,
    description = {
      "API token rotation: give the stores' PVE and PBS accounts new API tokens before the old ones expire.",
      "Each account whose token is due (or never expires), as runbooks/rotation.yaml says, gets a new one:"
          + " create it with an expiry, grant it"
          + " the old token's ACL, verify it, switch the workers to it in Vault, wait out the grace period, prove"
          + " the workers use it, then delete the old one. Until the switch a failure deletes the new token and"
          + " the old one keeps working.",
      "The run is token-rotation/<date> (UTC); --force runs beside it as token-rotation/<date>/forced-<epochMillis>."
          + " --dry-run lists what would be rotated and why, and changes nothing.",
      "The summary lists every account that was due or failed with its token before and after; exit code 1 when"
          + " an account failed (the old token kept, or not deleted) or a store could not be checked."
    })
public class TokenRotationCommand extends RotationCommand {
  public TokenRotationCommand(Output output) {
    super(output, RotationRuns.TOKENS, TokenRotationRequest::new);
  }
}
