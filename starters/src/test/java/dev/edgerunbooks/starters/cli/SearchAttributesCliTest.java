package dev.edgerunbooks.starters.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerunbooks.starters.namespace.SearchAttributeSetup;
import dev.edgerunbooks.workflows.common.RunAttributes;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.operatorservice.v1.AddSearchAttributesRequest;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.common.SearchAttributes;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import io.temporal.testserver.TestServer;
import io.temporal.api.operatorservice.v1.OperatorServiceGrpc.OperatorServiceBlockingStub;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Consumer;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The runs' search attributes and summary: set by {@code edgerun run}, registered by the setup, explained when missing. */
class SearchAttributesCliTest {
  @RegisterExtension static final CliTestServer temporal = CliTestServer.start(ScriptedRuns.CertRotation.class);
  @RegisterExtension static final CliTestServer bare = CliTestServer.withoutSearchAttributes(ScriptedRuns.CertRotation.class);

  @Test
  void aRunCarriesItsRunbookAndStoresSoTheUiFindsIt() {
    CliTestServer.Cli cli = temporal.cli();
    assertThat(cli.run("run", "cert-rotation", "--stores", "store-0001,store-0002", "--json")).isZero();
    String id = cli.out().replaceAll("(?s).*\"workflowId\"\\s*:\\s*\"([^\"]+)\".*", "$1");

    WorkflowExecutionDescription run = temporal.client().newUntypedWorkflowStub(id).describe();
    assertThat(run.getStaticSummary()).matches("cert-rotation on store-0001, store-0002, started by \\S+");
    SearchAttributes attributes = run.getTypedSearchAttributes();
    assertThat(attributes.get(RunAttributes.RUNBOOK)).isEqualTo("cert-rotation");
    assertThat(attributes.get(RunAttributes.STORE)).containsExactly("store-0001", "store-0002");
    assertThat(attributes.containsKey(RunAttributes.BUNDLE)).isFalse();
  }

  @Test
  void aNamespaceWithoutTheAttributesRefusesTheRunAndTheErrorSaysHowToRegisterThem() {
    CliTestServer.Cli cli = bare.cli();
    assertThat(cli.run("run", "cert-rotation")).isEqualTo(ExitCodes.UNAVAILABLE);
    assertThat(cli.err())
        .contains("search attribute EdgeRunbook is not defined")
        .contains("not registered in namespace default")
        .contains("temporal operator search-attribute create --namespace default --name EdgeRunbook --type Keyword")
        .contains("--name EdgeStore --type KeywordList");
  }

  @Test
  void theSetupAddsWhatIsMissingOnce() {
    onFreshServer(operator -> {
      register(operator, "EdgeRunbook", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
      assertThat(SearchAttributeSetup.ensure(operator, "default")).containsExactly("EdgeStore", "EdgeWave", "EdgeBundle");
      assertThat(SearchAttributeSetup.ensure(operator, "default")).isEmpty();
    });
  }

  private static void register(OperatorServiceBlockingStub operator, String name, IndexedValueType type) {
    operator.addSearchAttributes(
        AddSearchAttributesRequest.newBuilder().setNamespace("default").putSearchAttributes(name, type).build());
  }

  private static void onFreshServer(Consumer<OperatorServiceBlockingStub> test) {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try (TestServer.PortBoundTestServer server = TestServer.createPortBoundServer(port, true)) {
      OperatorServiceStubs operator = OperatorServiceStubs.newServiceStubs(
          OperatorServiceStubsOptions.newBuilder().setTarget("127.0.0.1:" + port).validateAndBuildWithDefaults());
      try {
        test.accept(operator.blockingStub());
      } finally {
        operator.shutdown();
      }
    }
  }
}
