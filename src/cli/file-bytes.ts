import { closeSync, fstatSync, openSync, readFileSync, readSync } from "fs";
import type { ByteSource } from "../workbook/csv";

/** A file's bytes for textFileToStreamGrid, read from the file a piece at a time rather than whole. */
export function fileBytes(path: string): ByteSource {
  const fd = openSync(path, "r");
  let size: number;
  try {
    size = fstatSync(fd).size;
  } finally {
    closeSync(fd);
  }
  return {
    size,
    open() {
      const fd = openSync(path, "r");
      return {
        read: (into, at, length, position) => readSync(fd, into, at, length, position),
        close: () => closeSync(fd),
      };
    },
    all: () => readFileSync(path),
  };
}
