package io.tileserver.cluster.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ChangeNoticeTest {
  @Test
  void idListsParseForEveryKind() {
    assertThat(ChangeNotice.parse("i:1,2,3").ids()).containsExactly(1, 2, 3);
    assertThat(ChangeNotice.parse("u:9223372036854775807").ids()).containsExactly(Long.MAX_VALUE);
    ChangeNotice deleted = ChangeNotice.parse("d:-5,7");
    assertThat(deleted.kind()).isEqualTo('d');
    assertThat(deleted.ids()).containsExactly(-5, 7);
    assertThat(deleted.overflow()).isFalse();
  }

  @Test
  void anOverflowNoticeCarriesNoIds() {
    ChangeNotice overflow = ChangeNotice.parse("o:u:250000");
    assertThat(overflow.overflow()).isTrue();
    assertThat(overflow.ids()).isEmpty();
  }

  @Test
  void aTruncateNoticeCarriesNoIds() {
    ChangeNotice truncated = ChangeNotice.parse("t:");
    assertThat(truncated.truncated()).isTrue();
    assertThat(truncated.overflow()).isFalse();
    assertThat(truncated.ids()).isEmpty();
  }

  @Test
  void anythingElseIsRefusedNamingThePayload() {
    for (String bad : new String[] {"", "x:1", "i:", "i:1,,2", "i:1,a", "i1,2"}) {
      assertThatThrownBy(() -> ChangeNotice.parse(bad)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("not a change-feed payload");
    }
  }
}
