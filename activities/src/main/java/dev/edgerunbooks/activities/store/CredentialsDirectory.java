package dev.edgerunbooks.activities.store;

import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * Reads {@code <dir>/<storeId>.properties} with {@code pve.token.secret}, {@code pbs.token.secret}
 * and, for a staging cluster, {@code root.password}. Read on every call, so a rotated token is picked
 * up without a restart. A file needs at least one token secret: a staging cluster has no PBS, and a
 * staging worker's file for a store holds only that store's PBS restore token; a call that needs a
 * key the file lacks fails naming it.
 */
public final class CredentialsDirectory implements CredentialSource {
  public static final String PVE_SECRET = "pve.token.secret";
  public static final String PBS_SECRET = "pbs.token.secret";
  public static final String ROOT_PASSWORD = "root.password";
  // a store id becomes a file name: refuse anything that could walk out of the directory
  private static final Pattern STORE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

  private final Path directory;

  public CredentialsDirectory(Path directory) {
    this.directory = directory;
  }

  @Override
  public StoreCredentials forStore(String storeId) {
    if (storeId == null || !STORE_ID.matcher(storeId).matches()) {
      throw ApplicationFailure.newNonRetryableFailure(
          "invalid store id '" + storeId + "': cannot name a credentials file", CREDENTIALS_MISSING);
    }
    Path file = directory.resolve(storeId + ".properties");
    if (!Files.isRegularFile(file)) {
      throw missing(file, "the file does not exist; create it with " + PVE_SECRET + " and " + PBS_SECRET);
    }
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(reader);
    } catch (IOException | IllegalArgumentException e) {
      // the exception text never contains the file's content, only its path or a parse position
      throw missing(file, "it cannot be read (" + e.getClass().getSimpleName() + ")");
    }
    String pve = blankToNull(properties.getProperty(PVE_SECRET));
    String pbs = blankToNull(properties.getProperty(PBS_SECRET));
    if (pve == null && pbs == null) {
      throw missing(file, "keys " + PVE_SECRET + " and " + PBS_SECRET + " are missing or empty; a store needs both,"
          + " a staging cluster " + PVE_SECRET + " (and " + ROOT_PASSWORD + " for a DR drill)");
    }
    // a password may begin or end with blanks: kept as written
    String root = properties.getProperty(ROOT_PASSWORD);
    return new StoreCredentials(pve, pbs, root == null || root.isEmpty() ? null : root);
  }

  private static ApplicationFailure missing(Path file, String why) {
    return ApplicationFailure.newNonRetryableFailure(
        "credentials file " + file.toAbsolutePath() + ": " + why, CREDENTIALS_MISSING);
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }

  @Override
  public String toString() {
    return "CredentialsDirectory[" + directory + "]";
  }
}
