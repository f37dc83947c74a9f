package io.tileserver.source.archive;

import io.tileserver.archive.TileArchive;
import io.tileserver.source.SourceInfo;
import java.nio.file.Path;

/**
 * An archive file as opened: the reader, what TileJSON says of it, and the file's size and
 * modification time then, by which a change on disk is noticed.
 */
record OpenArchive(Path file, TileArchive archive, SourceInfo info, long size, long modifiedMillis) {}
