#include "neurona/thread_pool.hpp"

#include <algorithm>
#include <chrono>
#include <utility>

namespace neurona {

namespace {

/// How long a waiting thread spins before it sleeps on a condition variable. A training
/// step calls matmul every few tens of microseconds; sleeping in between would add a futex
/// wake-up (tens of microseconds on a VM) to each call.
constexpr std::chrono::microseconds kSpinTime{200};

/// Tells the core that this is a spin-wait loop: on x86 the pause instruction, which saves
/// power and keeps the loop from flooding the memory system with speculative loads.
inline void cpu_relax() {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#endif
}

/// True as soon as pred() holds, false if it still does not after kSpinTime.
///
/// The spin never calls std::this_thread::yield. sched_yield is a system call, and on a
/// virtual machine a system call costs microseconds, during which a worker cannot see the
/// next job: in alternating runs of the course's MNIST network at 2 threads, epochs took
/// 0.416-0.422 s with a yield every 256 checks and 0.389-0.400 s without. A thread that
/// spins while another waits for its core is still preempted by the kernel at the end of
/// its time slice, and the spin ends after kSpinTime anyway.
template <class Pred>
bool spin_until(Pred pred) {
    const auto deadline = std::chrono::steady_clock::now() + kSpinTime;
    for (;;) {
        for (int i = 0; i < 256; ++i) {
            if (pred()) return true;
            cpu_relax();
        }
        if (std::chrono::steady_clock::now() >= deadline) return pred();
    }
}

/// Set while this thread runs a task of some pool, so that a nested parallel_for runs
/// inline instead of waiting for threads that are busy running its parent.
thread_local bool t_inside_task = false;

}  // namespace

ThreadPool::ThreadPool(std::size_t n_threads) {
    if (n_threads == 0) n_threads = std::max(1u, std::thread::hardware_concurrency());
    blocks_ = std::make_unique<Block[]>(n_threads);
    workers_.reserve(n_threads - 1);
    try {
        for (std::size_t i = 1; i < n_threads; ++i) workers_.emplace_back([this, i] { worker_main(i); });
    } catch (...) {
        // The system refused a thread: stop and join the ones started, or destroying the
        // members under their feet would hang (a condition variable with waiters) or abort.
        {
            std::lock_guard lock(mutex_);
            stop_.store(true);
            generation_.fetch_add(1, std::memory_order_release);
        }
        wake_cv_.notify_all();
        for (auto& w : workers_) w.join();
        throw;
    }
}

ThreadPool::~ThreadPool() {
    {
        std::lock_guard lock(mutex_);
        stop_.store(true);
        generation_.fetch_add(1, std::memory_order_release);
    }
    wake_cv_.notify_all();
    for (auto& w : workers_) w.join();
}

void ThreadPool::run_tasks(std::size_t self) {
    t_inside_task = true;
    // Its own block first, then what is left of the others' (a thread that is late, or
    // slower, has its tasks taken over from the front of its block).
    const std::size_t n_threads = size();
    for (std::size_t b = 0; b < n_threads; ++b) {
        Block& block = blocks_[(self + b) % n_threads];
        for (;;) {
            const std::size_t i = block.next.fetch_add(1, std::memory_order_relaxed);
            if (i >= block.end) break;
            if (!failed_.load(std::memory_order_relaxed)) {  // after a failure, count without running
                try {
                    (*task_)(i);
                } catch (...) {
                    std::lock_guard lock(mutex_);
                    if (!error_) error_ = std::current_exception();
                    failed_.store(true, std::memory_order_relaxed);
                }
            }
            if (done_tasks_.fetch_add(1, std::memory_order_acq_rel) + 1 == n_tasks_) {
                std::lock_guard lock(mutex_);  // so that the caller cannot test and then miss it
                done_cv_.notify_one();
            }
        }
    }
    t_inside_task = false;
}

void ThreadPool::worker_main(std::size_t self) {
    std::uint64_t seen = 0;
    for (;;) {
        const auto new_job = [&] { return generation_.load(std::memory_order_acquire) != seen; };
        if (!spin_until(new_job)) {
            std::unique_lock lock(mutex_);
            wake_cv_.wait(lock, new_job);
        }
        seen = generation_.load(std::memory_order_acquire);
        if (stop_.load()) return;
        // Announce first, then check that the job is still open (both sequentially
        // consistent, against the caller's close-then-check): either the caller sees this
        // worker as active and waits for it, or this worker sees the job closed.
        active_workers_.fetch_add(1);
        if (open_generation_.load() == seen) run_tasks(self);
        if (active_workers_.fetch_sub(1) == 1) {
            std::lock_guard lock(mutex_);
            done_cv_.notify_one();
        }
    }
}

template <class Pred>
void ThreadPool::wait_done(Pred pred) {
    if (spin_until(pred)) return;
    std::unique_lock lock(mutex_);
    done_cv_.wait(lock, pred);
}

void ThreadPool::parallel_for(std::size_t n_tasks, const std::function<void(std::size_t)>& task) {
    if (n_tasks == 0) return;
    if (workers_.empty() || n_tasks == 1 || t_inside_task) {
        for (std::size_t i = 0; i < n_tasks; ++i) task(i);
        return;
    }
    std::lock_guard call_lock(call_mutex_);
    task_ = &task;
    n_tasks_ = n_tasks;
    const std::size_t n_threads = size();
    for (std::size_t t = 0; t < n_threads; ++t) {
        blocks_[t].next.store(t * n_tasks / n_threads, std::memory_order_relaxed);
        blocks_[t].end = (t + 1) * n_tasks / n_threads;
    }
    done_tasks_.store(0, std::memory_order_relaxed);
    failed_.store(false, std::memory_order_relaxed);
    {
        std::lock_guard lock(mutex_);
        error_ = nullptr;
        const std::uint64_t generation = generation_.load(std::memory_order_relaxed) + 1;
        open_generation_.store(generation);
        generation_.store(generation, std::memory_order_release);
    }
    wake_cv_.notify_all();

    run_tasks(0);
    wait_done([&] { return done_tasks_.load(std::memory_order_acquire) == n_tasks; });
    // Close the job, then wait for the workers that joined it to leave run_tasks.
    open_generation_.store(0);
    wait_done([&] { return active_workers_.load() == 0; });

    std::lock_guard lock(mutex_);
    if (error_) std::rethrow_exception(std::exchange(error_, nullptr));
}

}  // namespace neurona
