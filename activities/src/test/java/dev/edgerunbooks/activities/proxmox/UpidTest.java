package dev.edgerunbooks.activities.proxmox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UpidTest {

  @Test
  void parsesAPveUpid() {
    Upid upid = Upid.parse("UPID:pve1:0003A1B2:0A1B2C3D:65920A80:qmstart:100:root@pam:");

    assertThat(upid.node()).isEqualTo("pve1");
    assertThat(upid.pid()).isEqualTo(0x3A1B2);
    assertThat(upid.pstart()).isEqualTo(0x0A1B2C3D);
    assertThat(upid.taskId()).isNull();
    assertThat(upid.pbs()).isFalse();
    assertThat(upid.startTime()).isEqualTo(Instant.ofEpochSecond(0x65920A80));
    assertThat(upid.type()).isEqualTo("qmstart");
    assertThat(upid.id()).isEqualTo("100");
    assertThat(upid.user()).isEqualTo("root@pam");
  }

  @Test
  void parsesAPveUpidOfATokenWithAnEmptyIdAndANinDigitPstart() {
    Upid upid = Upid.parse("UPID:pve-2:00001234:1A1B2C3D4:65920A80:vzdump::edgerun@pve!runbooks:");

    assertThat(upid.node()).isEqualTo("pve-2");
    assertThat(upid.pstart()).isEqualTo(0x1A1B2C3D4L);
    assertThat(upid.id()).isEmpty();
    assertThat(upid.user()).isEqualTo("edgerun@pve!runbooks");
  }

  @Test
  void parsesAPbsUpid() {
    Upid upid = Upid.parse("UPID:elsa:00004F37:0039E469:00000000:5CA78B83:garbage_collection::root@pam:");

    assertThat(upid.pbs()).isTrue();
    assertThat(upid.node()).isEqualTo("elsa");
    assertThat(upid.taskId()).isZero();
    assertThat(upid.startTime()).isEqualTo(Instant.ofEpochSecond(0x5CA78B83));
    assertThat(upid.type()).isEqualTo("garbage_collection");
    assertThat(upid.id()).isEmpty();
    assertThat(upid.user()).isEqualTo("root@pam");
  }

  @Test
  void parsesAPbsVerifyUpidWithAnEscapedWorkerId() {
    Upid upid = Upid.parse(
        "UPID:pbs1:000010F1:00AB12CD:0000002A:66A0B1C2:verify_snapshot:store1\\x3avm-100-66A0B1C2:edgerun@pbs!runbooks:");

    assertThat(upid.taskId()).isEqualTo(42);
    assertThat(upid.id()).isEqualTo("store1\\x3avm-100-66A0B1C2");
    assertThat(upid.user()).isEqualTo("edgerun@pbs!runbooks");
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "",
    "UPID:pve1:0003A1B2:0A1B2C3D:65920A80:qmstart:100:root@pam",
    "UPID:pve1:3A1B2:0A1B2C3D:65920A80:qmstart:100:root@pam:",
    "UPID:-pve1:0003A1B2:0A1B2C3D:65920A80:qmstart:100:root@pam:",
    "UPID:pve1:0003A1B2:0A1B2C3D:65920A80:qmstart:100::",
    "upid:pve1:0003A1B2:0A1B2C3D:65920A80:qmstart:100:root@pam:",
    "UPID:pve1:0003A1B2:0A1B2C3D:6592ZZ80:qmstart:100:root@pam:",
    "UPID:pve1:0003A1B2:0A1B2C3D:65920A80:qm start:100:root@pam:",
  })
  void rejectsWhatIsNotAUpid(String text) {
    assertThatThrownBy(() -> Upid.parse(text)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rejectsNull() {
    assertThatThrownBy(() -> Upid.parse(null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void isPercentEncodedForAUrlPath() {
    assertThat(Upid.parse("UPID:pve1:0003A1B2:0A1B2C3D:65920A80:qmstart:100:edgerun@pve!runbooks:").pathSegment())
        .isEqualTo("UPID%3Apve1%3A0003A1B2%3A0A1B2C3D%3A65920A80%3Aqmstart%3A100%3Aedgerun%40pve%21runbooks%3A");
    assertThat(Upid.parse("UPID:pbs1:000010F1:00AB12CD:0000002A:66A0B1C2:verify:a\\x3ab:u@pbs:").pathSegment())
        .contains("verify%3Aa%5Cx3ab%3Au%40pbs%3A");
  }
}
