package io.tileserver.fonts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Fonts come from files and directories alike, as Martin's {@code fonts.paths} lists them. */
class FontCatalogTest {
  private static final Path DEJAVU = Path.of("/usr/share/fonts/truetype/dejavu");

  @Test
  void aFileGivesItsFontsAndADirectoryEveryFontUnderIt() {
    FontCatalog file = FontCatalog.scan(List.of(DEJAVU.resolve("DejaVuSans-Bold.ttf"), Path.of("/no/such/fonts")));
    assertThat(file.names()).contains("DejaVu Sans Bold").doesNotContain("DejaVu Sans Mono");
    assertThat(FontCatalog.scan(List.of(DEJAVU)).names()).contains("DejaVu Sans Bold", "DejaVu Sans Mono");
  }
}
