package io.tileserver.archive.pmtiles;

import java.io.ByteArrayOutputStream;

/**
 * The gzip root directory and leaf section for an archive's tile entries. The root must fit with the
 * header in the first 16,384 bytes; when all entries do not, they are cut into leaves of equal entry
 * counts, starting at max(entries / 3500, 4096) and growing by a fifth until the root of leaf entries
 * fits (the spec's suggested approach, as its reference writers take it).
 */
record DirectoryTree(byte[] root, byte[] leaves) {
  static final int MAX_ROOT_BYTES = 16_384 - PmtilesHeader.LENGTH;

  static DirectoryTree of(Directory entries) {
    byte[] all = Gzip.compress(entries.serialize(0, entries.size()));
    if (all.length <= MAX_ROOT_BYTES) {
      return new DirectoryTree(all, new byte[0]);
    }
    int leafSize = Math.max(entries.size() / 3500, 4096);
    while (true) {
      DirectoryTree tree = withLeaves(entries, leafSize);
      if (tree.root.length <= MAX_ROOT_BYTES) {
        return tree;
      }
      leafSize += Math.max(1, leafSize / 5);
    }
  }

  private static DirectoryTree withLeaves(Directory entries, int leafSize) {
    int leafCount = (entries.size() + leafSize - 1) / leafSize;
    long[] firstIds = new long[leafCount];
    long[] offsets = new long[leafCount];
    int[] lengths = new int[leafCount];
    ByteArrayOutputStream leaves = new ByteArrayOutputStream();
    for (int leaf = 0; leaf < leafCount; leaf++) {
      int from = leaf * leafSize;
      byte[] bytes = Gzip.compress(entries.serialize(from, Math.min(from + leafSize, entries.size())));
      firstIds[leaf] = entries.tileId(from);
      offsets[leaf] = leaves.size();
      lengths[leaf] = bytes.length;
      leaves.writeBytes(bytes);
    }
    // Run length 0 marks a root entry as a leaf directory.
    Directory root = new Directory(firstIds, offsets, lengths, new int[leafCount]);
    return new DirectoryTree(Gzip.compress(root.serialize(0, leafCount)), leaves.toByteArray());
  }
}
