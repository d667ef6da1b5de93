/* imgbench's instruction counter for qemu-user: a TCG plugin (qemu 7.2, plugin API version 1)
 * that counts, per translated block, how often it runs, for the counts measure of a build run
 * under emulation (bench/counts.hpp). It is built for the host, by the host's build.
 *
 *   qemu-aarch64 -plugin libimgbench_qemu_counts.so,dir=DIR PROGRAM ...
 *
 * The program marks its counted regions by calling functions of its own, found by their symbol
 * when qemu translates them (bench/counts.cpp): imgbench_counts_collect_on and
 * _off switch collection, as callgrind's CALLGRIND_TOGGLE_COLLECT does, and imgbench_counts_dump
 * writes DIR/qemu.out.<n> (n = 1, 2, ...): every block executed while collecting since the
 * previous dump, with its count, its first appearance also giving its address and instruction
 * bytes (for the cycle model, cli/cycle_model.*), then the blocks' instructions in total:
 *
 *   block <id> <vaddr hex> <instructions> <bytes hex>     (a block's first appearance)
 *   count <id> <executions>
 *   instructions <sum of executions x instructions>
 *
 * Counters are plain, not atomic, and every thread's blocks count: only single-threaded cases are
 * counted. Debian ships no
 * qemu-plugin.h; the declarations below are the few functions of qemu's public plugin API (its
 * documentation, "QEMU TCG Plugins") this file uses. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define EXPORT __attribute__((visibility("default")))

typedef uint64_t qemu_plugin_id_t;
typedef struct qemu_info_t qemu_info_t; /* not read */
struct qemu_plugin_tb;
struct qemu_plugin_insn;
enum qemu_plugin_cb_flags { QEMU_PLUGIN_CB_NO_REGS };
enum qemu_plugin_op { QEMU_PLUGIN_INLINE_ADD_U64 };
typedef void (*qemu_plugin_vcpu_tb_trans_cb_t)(qemu_plugin_id_t id, struct qemu_plugin_tb* tb);
typedef void (*qemu_plugin_vcpu_udata_cb_t)(unsigned int vcpu_index, void* userdata);
typedef void (*qemu_plugin_udata_cb_t)(qemu_plugin_id_t id, void* userdata);

void qemu_plugin_register_vcpu_tb_trans_cb(qemu_plugin_id_t id, qemu_plugin_vcpu_tb_trans_cb_t cb);
size_t qemu_plugin_tb_n_insns(const struct qemu_plugin_tb* tb);
uint64_t qemu_plugin_tb_vaddr(const struct qemu_plugin_tb* tb);
struct qemu_plugin_insn* qemu_plugin_tb_get_insn(const struct qemu_plugin_tb* tb, size_t index);
const void* qemu_plugin_insn_data(const struct qemu_plugin_insn* insn);
size_t qemu_plugin_insn_size(const struct qemu_plugin_insn* insn);
const char* qemu_plugin_insn_symbol(const struct qemu_plugin_insn* insn);
void qemu_plugin_register_vcpu_tb_exec_cb(struct qemu_plugin_tb* tb, qemu_plugin_vcpu_udata_cb_t cb,
                                          enum qemu_plugin_cb_flags flags, void* userdata);
void qemu_plugin_register_vcpu_tb_exec_inline(struct qemu_plugin_tb* tb, enum qemu_plugin_op op,
                                              void* pointer, uint64_t immediate);
void qemu_plugin_register_atexit_cb(qemu_plugin_id_t id, qemu_plugin_udata_cb_t cb, void* userdata);

EXPORT int qemu_plugin_version = 1;

/* One guest block: its count is bumped by code qemu inlines into the block, so it must stay at
 * one address for the run. A block translated again (qemu flushes its code cache now and then)
 * is the same block when its address and bytes are: it keeps its counter. */
struct block {
  uint64_t executions; /* bumped inline, whether collecting or not */
  uint64_t counted;    /* executions at the last collect-on or dump, while collecting */
  uint64_t collected;  /* executions collected since the last dump */
  uint64_t vaddr;
  size_t instructions;
  size_t size;
  unsigned char* bytes;
  size_t id;    /* 1, 2, ... in order of translation */
  bool written; /* its address and bytes are in a dump already */
  struct block* next_in_bucket;
};

enum { kBuckets = 1 << 16 };
static struct block* buckets[kBuckets];
static struct block** blocks; /* by id - 1 */
static size_t block_count, block_capacity;
static bool collecting;
static unsigned dumps;
static char directory[4096];

/* To qemu's stderr (qemu_plugin_outs writes only with -d plugin), and out without running the
 * exit handlers, from wherever in qemu it is called. */
static void fail(const char* message) {
  fputs(message, stderr);
  _exit(3);
}

static uint64_t hash_block(uint64_t vaddr, const unsigned char* bytes, size_t size) {
  uint64_t hash = 1469598103934665603ull ^ vaddr; /* FNV-1a over the address and the bytes */
  for (size_t i = 0; i < size; ++i) hash = (hash ^ bytes[i]) * 1099511628211ull;
  return hash;
}

static struct block* find_or_add(uint64_t vaddr, size_t instructions, const unsigned char* bytes,
                                 size_t size) {
  struct block** bucket = &buckets[hash_block(vaddr, bytes, size) & (kBuckets - 1)];
  for (struct block* b = *bucket; b; b = b->next_in_bucket) {
    if (b->vaddr == vaddr && b->size == size && memcmp(b->bytes, bytes, size) == 0) return b;
  }
  struct block* b = calloc(1, sizeof *b);
  if (!b || !(b->bytes = malloc(size ? size : 1))) fail("imgbench counts: out of memory\n");
  memcpy(b->bytes, bytes, size);
  b->vaddr = vaddr;
  b->instructions = instructions;
  b->size = size;
  if (block_count == block_capacity) {
    block_capacity = block_capacity ? 2 * block_capacity : 4096;
    blocks = realloc(blocks, block_capacity * sizeof *blocks);
    if (!blocks) fail("imgbench counts: out of memory\n");
  }
  blocks[block_count++] = b;
  b->id = block_count;
  b->next_in_bucket = *bucket;
  *bucket = b;
  return b;
}

/* Adds what each block ran since it was last taken, while collecting. */
static void take_executions(void) {
  for (size_t i = 0; i < block_count; ++i) {
    struct block* b = blocks[i];
    b->collected += b->executions - b->counted;
    b->counted = b->executions;
  }
}

static void start_counting_from_now(void) {
  for (size_t i = 0; i < block_count; ++i) blocks[i]->counted = blocks[i]->executions;
}

static void write_dump(void) {
  if (collecting) take_executions();
  char path[sizeof directory + 32];
  snprintf(path, sizeof path, "%s/qemu.out.%u", directory, ++dumps);
  FILE* out = fopen(path, "w");
  if (!out) fail("imgbench counts: cannot write a dump in the dir= directory\n");
  uint64_t instructions = 0;
  for (size_t i = 0; i < block_count; ++i) {
    struct block* b = blocks[i];
    if (b->collected == 0) continue;
    if (!b->written) {
      fprintf(out, "block %zu %llx %zu ", b->id, (unsigned long long)b->vaddr, b->instructions);
      for (size_t j = 0; j < b->size; ++j) fprintf(out, "%02x", b->bytes[j]);
      fputc('\n', out);
      b->written = true;
    }
    fprintf(out, "count %zu %llu\n", b->id, (unsigned long long)b->collected);
    instructions += b->collected * b->instructions;
    b->collected = 0;
  }
  fprintf(out, "instructions %llu\n", (unsigned long long)instructions);
  if (fclose(out) != 0) fail("imgbench counts: cannot write a dump in the dir= directory\n");
}

static void on_collect_on(unsigned int vcpu, void* unused) {
  (void)vcpu, (void)unused;
  if (!collecting) start_counting_from_now();
  collecting = true;
}

static void on_collect_off(unsigned int vcpu, void* unused) {
  (void)vcpu, (void)unused;
  if (collecting) take_executions();
  collecting = false;
}

static void on_dump(unsigned int vcpu, void* unused) {
  (void)vcpu, (void)unused;
  write_dump();
}

static void on_translation(qemu_plugin_id_t id, struct qemu_plugin_tb* tb) {
  (void)id;
  const size_t instructions = qemu_plugin_tb_n_insns(tb);
  if (instructions == 0) return;
  unsigned char bytes[4096];
  size_t size = 0;
  for (size_t i = 0; i < instructions; ++i) {
    const struct qemu_plugin_insn* insn = qemu_plugin_tb_get_insn(tb, i);
    const size_t n = qemu_plugin_insn_size(insn);
    if (size + n > sizeof bytes) fail("imgbench counts: a translation block over 4 KiB\n");
    memcpy(bytes + size, qemu_plugin_insn_data(insn), n);
    size += n;
  }
  struct block* b = find_or_add(qemu_plugin_tb_vaddr(tb), instructions, bytes, size);
  qemu_plugin_register_vcpu_tb_exec_inline(tb, QEMU_PLUGIN_INLINE_ADD_U64, &b->executions, 1);
  /* A marker's callback runs when its block starts, before the block's own counter: the marker's
   * few instructions are counted after collect-on and not after collect-off, the same in every
   * run. */
  const char* symbol = qemu_plugin_insn_symbol(qemu_plugin_tb_get_insn(tb, 0));
  if (!symbol) return;
  qemu_plugin_vcpu_udata_cb_t marker = NULL;
  if (strcmp(symbol, "imgbench_counts_collect_on") == 0) marker = on_collect_on;
  if (strcmp(symbol, "imgbench_counts_collect_off") == 0) marker = on_collect_off;
  if (strcmp(symbol, "imgbench_counts_dump") == 0) marker = on_dump;
  if (marker) qemu_plugin_register_vcpu_tb_exec_cb(tb, marker, QEMU_PLUGIN_CB_NO_REGS, NULL);
}

EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t* info, int argc,
                               char** argv) {
  (void)info;
  for (int i = 0; i < argc; ++i) {
    if (strncmp(argv[i], "dir=", 4) == 0 && strlen(argv[i] + 4) < sizeof directory) {
      strcpy(directory, argv[i] + 4);
    } else {
      fputs("imgbench counts: unknown argument (known: dir=DIR)\n", stderr);
      return -1;
    }
  }
  if (directory[0] == '\0') {
    fputs("imgbench counts: no dir=DIR for the dumps\n", stderr);
    return -1;
  }
  qemu_plugin_register_vcpu_tb_trans_cb(id, on_translation);
  return 0;
}
