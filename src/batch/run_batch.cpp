#include <runtime/batch.hpp>

#include <algorithm>
#include <chrono>
#include <exception>
#include <functional>
#include <limits>
#include <map>
#include <sstream>

#include <runtime/detail/seconds_since.hpp>
#include <runtime/files.hpp>
#include <runtime/qasm.hpp>
#include <runtime/reduce_ops.hpp>

#include "../detail/mpi_check.hpp"
#include "task_board.hpp"

namespace qzone {
namespace {

using detail::Clock;
using detail::seconds_since;

/// The files a group has read and the circuits it has parsed (by file or
/// program text, and parameter values). Bounded: a batch of many different circuits must not
/// keep them all.
class CircuitCache {
public:
    /// The task's circuit, its file read (by the group's rank 0) and the
    /// circuit parsed once. Collective over the group.
    /// @throw qzone::InputError (on every rank of the group) if it cannot be
    ///        read or parsed.
    const Circuit& circuit_of(const RuntimeView& group, const BatchTask& task) {
        // A file is known by its path, a program by its text: no copy of a
        // file's text per task.
        std::string key = task.circuit_path.empty() ? "qasm:" + task.qasm : "file:" + task.circuit_path;
        for (const auto& [name, value] : task.parameters) {
            key += '\0' + name + '=';
            key.append(reinterpret_cast<const char*>(&value), sizeof(value)); // exact, not printed
        }
        if (const auto found = circuits_.find(key); found != circuits_.end()) return found->second;
        if (circuits_.size() >= capacity) circuits_.clear();
        // Every rank parses the same text, but included files are read by each.
        const std::string& text = task.circuit_path.empty() ? task.qasm : text_of(group, task.circuit_path);
        Circuit circuit;
        group.on_every_rank([&] {
            circuit = parse_qasm(text, task.circuit_path.empty() ? "task " + task.id : task.circuit_path,
                                 task.parameters);
        });
        return circuits_.emplace(std::move(key), std::move(circuit)).first->second;
    }

private:
    const std::string& text_of(const RuntimeView& group, const std::string& path) {
        if (const auto found = texts_.find(path); found != texts_.end()) return found->second;
        if (texts_.size() >= capacity) texts_.clear();
        return texts_.emplace(path, files::read_text(group, path, max_circuit_bytes, "the circuit")).first->second;
    }

    static constexpr std::size_t capacity = 16;
    std::map<std::string, std::string> texts_;
    std::map<std::string, Circuit> circuits_;
};

/// What one rank did, reduced into the summary.
struct Tally {
    std::size_t completed = 0, failed = 0;
    double busy = 0, task_min = std::numeric_limits<double>::infinity(), task_max = 0, task_sum = 0;
};

/// This rank's share of its node's available memory: the groups on a node
/// simulate at once, so each rank may take only its part (its group's
/// memory check alone would let every group take the whole node).
std::size_t memory_share(const RuntimeView& world) {
    const ResourceSet& me = world.my_resource_set();
    std::size_t ranks_here = 0;
    for (std::size_t r = 0; r < world.size(); ++r) ranks_here += world.at(r).node_index() == me.node_index();
    return me.ram().available_space() / std::max<std::size_t>(1, ranks_here);
}

} // namespace

struct BatchRunner::Impl {
    Impl(const RuntimeView& world_view, BatchOptions batch_options, std::size_t index, RuntimeView group_view)
        : world(world_view), options(std::move(batch_options)), group_index(index), group(std::move(group_view)),
          memory_per_rank(group.reduce(memory_share(world), min_op{})) {}

    RuntimeView world;
    BatchOptions options;
    std::size_t group_index;
    RuntimeView group;
    /// The most one task's state may take per rank: the smallest share of
    /// the group's ranks, so that all of them check against the same limit.
    std::size_t memory_per_rank;
    /// The submitted lists, and the index of each list's first task.
    std::vector<GeneratedTasks> lists;
    std::vector<std::size_t> firsts;
    std::size_t task_count = 0;
    BatchTask current; ///< the task in hand
    std::unique_ptr<batch::TaskBoard> board; ///< from start()
    CircuitCache cache;
    Tally tally;
    bool done = false;
    Clock::time_point start = Clock::now();

    bool leader() const { return group.my_resource_set().mpi_rank() == 0; }

    /// Task `index`, made by its list.
    BatchTask task_at(std::size_t index) const {
        const std::size_t list = static_cast<std::size_t>(std::upper_bound(firsts.begin(), firsts.end(), index) -
                                                          firsts.begin()) - 1;
        return lists[list].make(index - firsts[list]);
    }

    /// Whether any rank of the group was asked to interrupt. Collective over the group.
    bool interrupted() const {
        return options.interrupt_requested && group.reduce(options.interrupt_requested(), std::logical_or<>{});
    }

    /// One attempt after another until one completes or none is left;
    /// std::nullopt when an interrupt stopped the task unfinished.
    std::optional<TaskOutcome> run(std::uint64_t index) {
        current = task_at(index);
        const BatchTask& task = current;
        TaskOutcome outcome;
        outcome.task = &current;
        outcome.index = index;
        outcome.id = task.id;
        outcome.group = group_index;
        outcome.group_ranks = group.size();
        const auto task_start = Clock::now();
        for (unsigned attempt = 1; attempt <= options.retries + 1 && !outcome.completed; ++attempt) {
            outcome.attempt = attempt;
            // Library errors reach every rank of the group together.
            try {
                const Circuit& circuit = cache.circuit_of(group, task);
                RunOptions run_options = task.options;
                run_options.state.max_memory_bytes =
                    std::min(run_options.state.max_memory_bytes.value_or(memory_per_rank), memory_per_rank);
                if (options.task_timeout_seconds > 0 || options.interrupt_requested) {
                    const auto attempt_start = Clock::now();
                    run_options.stop_requested = [limit = options.task_timeout_seconds, attempt_start,
                                                  interrupt = options.interrupt_requested] {
                        return (interrupt && interrupt()) || (limit > 0 && seconds_since(attempt_start) > limit);
                    };
                }
                outcome.result = run_circuit(group, circuit, run_options);
                outcome.circuit = &circuit;
                outcome.completed = true;
            } catch (const RunInterrupted& e) {
                if (interrupted()) return std::nullopt;
                std::ostringstream message;
                message << "timed out after " << options.task_timeout_seconds << " s (" << e.what() << ")";
                outcome.error_kind = ErrorKind::resource;
                outcome.error = message.str();
            } catch (const Error& e) {
                outcome.error_kind = e.kind();
                outcome.error = e.what();
            }
        }
        outcome.seconds = seconds_since(task_start);
        tally.busy += outcome.seconds;
        tally.task_min = std::min(tally.task_min, outcome.seconds);
        tally.task_max = std::max(tally.task_max, outcome.seconds);
        tally.task_sum += outcome.seconds;
        ++(outcome.completed ? tally.completed : tally.failed);
        return outcome;
    }
};

namespace {

/// This rank's group: rank r of `world` joins group r / size.
RuntimeView group_of(const RuntimeView& world, std::size_t size) {
    const std::size_t rank = world.my_resource_set().mpi_rank();
    MPI_Comm split = MPI_COMM_NULL;
    detail::check_mpi(MPI_Comm_split(world.mpi_comm(), static_cast<int>(rank / size), static_cast<int>(rank), &split),
                      "MPI_Comm_split");
    RuntimeView group(split); // works on its own duplicate
    MPI_Comm_free(&split);
    return group;
}

std::size_t checked_group_size(std::size_t size) {
    if (size == 0) throw InputError("group size 0: a group needs at least one rank");
    return size;
}

} // namespace

BatchRunner::BatchRunner(const RuntimeView& world, BatchOptions options)
    : impl_(std::make_unique<Impl>(world, options, world.my_resource_set().mpi_rank() / checked_group_size(options.group_size),
                                   group_of(world, options.group_size))) {}

BatchRunner::~BatchRunner() = default;

std::size_t BatchRunner::submit(BatchTask task) {
    return submit(GeneratedTasks{1, [task = std::move(task)](std::size_t) { return task; }});
}

std::size_t BatchRunner::submit(GeneratedTasks tasks) {
    Impl& batch = *impl_;
    if (batch.board) throw InputError("BatchRunner::submit: the batch has started; submit every task before start()");
    if (!tasks.make) throw InputError("BatchRunner::submit: generated tasks need a make function");
    const std::size_t first = batch.task_count;
    if (tasks.count == 0) return first;
    batch.firsts.push_back(first);
    batch.task_count += tasks.count;
    batch.lists.push_back(std::move(tasks));
    return first;
}

void BatchRunner::start() {
    impl_->board = std::make_unique<batch::TaskBoard>(impl_->world.mpi_comm(), impl_->task_count);
    impl_->start = Clock::now();
}

bool BatchRunner::cancel(std::size_t index) {
    if (!impl_->board) throw InputError("BatchRunner::cancel: the batch has not started");
    return impl_->board->cancel(index);
}

void BatchRunner::close() {
    if (impl_->board) impl_->board->close();
}

const RuntimeView& BatchRunner::group() const { return impl_->group; }

std::optional<TaskOutcome> BatchRunner::next() {
    Impl& batch = *impl_;
    if (!batch.board) throw InputError("BatchRunner::next: the batch has not started");
    if (batch.done) return std::nullopt;
    if (batch.options.stop_requested &&
        batch.group.reduce(batch.options.stop_requested(), std::logical_or<>{})) {
        // A stop asked of any rank stops every group: the others find the
        // board closed at their next claim, after the task in their hands.
        if (batch.leader()) batch.board->close();
        batch.done = true;
        return std::nullopt;
    }
    std::uint64_t index = batch.leader() ? batch.board->claim() : 0;
    index = batch.group.at(0).ram().broadcast(index);
    if (index >= batch.task_count) {
        batch.done = true;
        return std::nullopt;
    }
    std::optional<TaskOutcome> outcome = batch.run(index);
    if (!outcome) {
        if (batch.leader()) batch.board->close();
        batch.done = true;
    }
    return outcome;
}

BatchSummary BatchRunner::finish() {
    const Impl& batch = *impl_;
    const RuntimeView& world = batch.world;
    const std::size_t groups = (world.size() + batch.options.group_size - 1) / batch.options.group_size;
    // Only group leaders count tasks: every rank of a group saw the same ones.
    const Tally counted = batch.leader() ? batch.tally : Tally{};
    BatchSummary summary;
    summary.groups = groups;
    summary.seconds = world.reduce(seconds_since(batch.start), max_op{});
    summary.completed = world.reduce(counted.completed, std::plus<>{});
    summary.failed = world.reduce(counted.failed, std::plus<>{});
    summary.not_run = batch.task_count - summary.completed - summary.failed;
    if (summary.completed + summary.failed > 0) {
        summary.task_seconds_min = world.reduce(counted.task_min, min_op{});
        summary.task_seconds_max = world.reduce(counted.task_max, max_op{});
        summary.task_seconds_mean = world.reduce(counted.task_sum, std::plus<>{}) /
                                    static_cast<double>(summary.completed + summary.failed);
    }
    std::vector<double> busy(groups, 0.0);
    if (batch.leader()) busy[batch.group_index] = batch.tally.busy;
    busy = world.reduce(std::move(busy), std::plus<>{});
    for (double b : busy) summary.group_busy_fraction.push_back(summary.seconds > 0 ? b / summary.seconds : 0.0);
    return summary;
}

BatchSummary run_batch(const RuntimeView& world, const std::vector<BatchTask>& tasks, const BatchOptions& options,
                       const std::function<void(const RuntimeView& group, const TaskOutcome&)>& on_outcome) {
    return run_batch(world, {GeneratedTasks{tasks.size(), [&tasks](std::size_t i) { return tasks[i]; }}}, options,
                     on_outcome);
}

BatchSummary run_batch(const RuntimeView& world, const std::vector<GeneratedTasks>& tasks, const BatchOptions& options,
                       const std::function<void(const RuntimeView& group, const TaskOutcome&)>& on_outcome) {
    BatchRunner runner(world, options);
    for (const GeneratedTasks& list : tasks) runner.submit(list);
    runner.start();
    std::exception_ptr failure; // of on_outcome: ends the batch for every group
    while (const std::optional<TaskOutcome> outcome = runner.next()) {
        // A failure to take the outcome (its rank 0 writes it) stops the
        // group together, and the other groups at their next claim.
        try {
            runner.group().on_every_rank([&] { on_outcome(runner.group(), *outcome); });
        } catch (...) {
            failure = std::current_exception();
            runner.close();
            break;
        }
    }
    world.raise_together(failure);
    return runner.finish();
}

} // namespace qzone
