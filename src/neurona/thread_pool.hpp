/// @file thread_pool.hpp
/// A persistent pool of std::threads with a deterministic parallel_for.
///
/// The threads are created once, in the constructor, and then reused: a parallel_for wakes
/// them, the caller works beside them, and returns when every task is done. matmul calls it
/// for every product of a training loop, so one call costs a few microseconds, not a thread
/// creation.
///
/// "Deterministic" means: every task index in [0, n_tasks) runs exactly once, and which
/// thread runs it is the only thing that varies. A caller whose tasks write disjoint outputs,
/// each computed by a fixed sequence of operations, gets the same bits for any thread count.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace neurona {

/// A fixed set of worker threads that run the tasks of parallel_for.
class ThreadPool {
public:
    /// A pool that runs parallel_for on `n_threads` threads: the caller plus
    /// n_threads - 1 workers, started now. 0 means std::thread::hardware_concurrency().
    /// A pool of 1 has no workers and runs every task inline on the caller.
    explicit ThreadPool(std::size_t n_threads);
    /// Stops and joins the workers. No parallel_for may be running.
    ~ThreadPool();
    ThreadPool(const ThreadPool&) = delete;
    ThreadPool& operator=(const ThreadPool&) = delete;

    /// The number of threads a parallel_for uses, the caller included.
    std::size_t size() const { return workers_.size() + 1; }

    /// Runs task(0), ..., task(n_tasks - 1), each exactly once, on the pool's threads and
    /// the caller's, and returns when all have finished. The tasks are cut into one
    /// contiguous block per thread (the caller's first: with 2 threads and 8 tasks, [0, 4)
    /// and [4, 8)); each thread runs its own block in index order, then takes over what is
    /// left of the others' (a late or slow thread delays nobody). So a loop that runs the
    /// same parallel_for step after step gives each thread the same part of the data, which
    /// stays in that core's cache. Tasks may still run on any thread: they must write
    /// disjoint data. n_tasks == 0 does nothing.
    ///
    /// Runs everything inline on the caller when the pool has one thread, when
    /// n_tasks == 1, or when called from inside a task (a nested parallel_for, which
    /// would otherwise wait for threads that are busy running its parent).
    /// Calls from several outside threads at once are serialised.
    /// If a task throws, the tasks not yet claimed are skipped and the first exception is
    /// rethrown here once the others have finished.
    void parallel_for(std::size_t n_tasks, const std::function<void(std::size_t task)>& task);

private:
    /// The loop of worker `self` (1, 2, ...; the caller of parallel_for is thread 0).
    void worker_main(std::size_t self);
    /// Claims and runs tasks of the current job until none is left: thread `self`'s own
    /// block first, then the others'.
    void run_tasks(std::size_t self);
    /// Spins, then sleeps on done_cv_, until pred() holds.
    template <class Pred>
    void wait_done(Pred pred);

    std::vector<std::thread> workers_;
    std::mutex call_mutex_;  // one job at a time

    // The current job. Written by the caller before it publishes the job (open_generation_,
    // then generation_) and read by a worker only while it is counted in active_workers_
    // and has seen open_generation_ equal to the generation it woke up for; the caller
    // rewrites them only after closing the job and seeing active_workers_ back at 0.
    // So a worker that wakes late (descheduled on a busy machine) never delays the caller,
    // and never reads a job that is being rewritten: it finds the job closed and sleeps again.
    const std::function<void(std::size_t)>* task_ = nullptr;
    std::size_t n_tasks_ = 0;
    // The tasks [0, n_tasks) cut into one contiguous block per thread, in thread order:
    // block t is [t n / T, (t + 1) n / T), its tasks claimed through `next`. Each on its own
    // cache line, so that claiming does not bounce a line between the threads.
    struct alignas(64) Block {
        std::atomic<std::size_t> next{0};
        std::size_t end = 0;
    };
    std::unique_ptr<Block[]> blocks_;
    std::atomic<std::size_t> done_tasks_{0};
    std::atomic<bool> failed_{false};
    std::exception_ptr error_;  // guarded by mutex_

    // Waking and finishing. Waiting threads first spin for a short while before they sleep
    // on a condition variable: in a training loop the next job comes within microseconds,
    // and a futex wake-up would cost more than the small products themselves.
    std::mutex mutex_;
    std::condition_variable wake_cv_;           // workers: a new generation
    std::condition_variable done_cv_;           // caller: all tasks done, then no worker active
    std::atomic<std::uint64_t> generation_{0};  // bumped for every job (and to stop)
    std::atomic<std::uint64_t> open_generation_{0};  // the job workers may join; 0 = none
    std::atomic<std::size_t> active_workers_{0};
    std::atomic<bool> stop_{false};
};

}  // namespace neurona
