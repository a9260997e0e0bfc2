// Holds off asynchronous signals on the calling thread for a scope.
#pragma once
#include <csignal>
#include <omp.h>
#include <pthread.h>

namespace trainyard {

/**
 * Blocks every blockable signal on this thread while it lives, then restores the mask; a signal that
 * arrives meanwhile is delivered when the scope ends. oneDNN's JIT kernels keep data below the stack
 * pointer: a signal handler running on top of them (V8's sampling profiler sends SIGPROF to the main
 * thread; SIGTERM, SIGCHLD...) overwrote it and corrupted the heap (`node --cpu-prof` aborted with
 * "corrupted size vs. prev_size" in the first large dnnl_sgemm).
 * Held only around oneDNN calls: a blocked-and-restored mask costs two system calls.
 */
class SignalGuard {
 public:
  SignalGuard() {
    sigset_t all;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, &saved_);
  }
  ~SignalGuard() { pthread_sigmask(SIG_SETMASK, &saved_, nullptr); }
  SignalGuard(const SignalGuard&) = delete;
  SignalGuard& operator=(const SignalGuard&) = delete;

 private:
  sigset_t saved_;
};

/**
 * Starts OpenMP's thread pool with every signal blocked in its threads (they run oneDNN kernels too),
 * leaving the calling thread's mask as it was.
 */
inline void BlockSignalsInThreadPool() {
  SignalGuard guard;  // the pool's threads copy this thread's mask when they are created
#pragma omp parallel
  {
    sigset_t all;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, nullptr);
  }
}

}  // namespace trainyard
