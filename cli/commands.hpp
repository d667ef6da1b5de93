#pragma once
// The imgbench subcommands. Each returns the process exit status: 0 success, 1 verification
// problems, 2 bad input (after printing a one-line error).

namespace imgbench::cli {

int run_list(int argc, char** argv);
int run_apply(int argc, char** argv);
int run_verify(int argc, char** argv);
int run_images(int argc, char** argv);
int run_interop(int argc, char** argv);  // only with the pillow adapter
int run_throughput(int argc, char** argv);
int run_bench(int argc, char** argv);
int run_sweep(int argc, char** argv);

}  // namespace imgbench::cli
