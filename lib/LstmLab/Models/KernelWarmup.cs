using LstmLab.Kernels;
using LstmLab.Layers;
using LstmLab.Losses;
using LstmLab.Optimizers;
using LstmLab.Tensors;

namespace LstmLab.Models;

/// <summary>
/// Compiles the engine's hot paths on a background thread when the first model with a given recurrent layer is built,
/// by running a tiny model shaped like it (4 steps, 3 features, 20 units, 32 rows, so the two-thread row split and
/// both micro-kernel tile widths run; the built model's dropout, loss and metrics): two epochs of Fit, a prediction
/// (with Predict's copies of the model) and an evaluation. A fresh process otherwise spends its first Fit or Predict
/// call in .NET's JIT (about 110 methods, 30–45 ms, and 50 more, 20 ms, for the copies) and in first-use costs
/// (loading types, starting a worker thread): 75–100 ms before a 50 ms inference pass. What the model was built for
/// goes first: a compiled model (one with a loss) is trained next, so Fit's paths are compiled first; otherwise
/// Predict's. Only what the model uses is compiled, since the warm-up shares the two cores with the model's own first
/// epoch, and its splits run on its own thread, never holding the workers a user's call needs. A notebook's first Fit,
/// cells after its model was built, finds all compiled; a Fit begun at once (as a benchmark's) shares the compiling
/// (<see cref="UserCall"/>). The tiny model is the warm-up's own, so the built model
/// is untouched.
/// </summary>
internal static class KernelWarmup
{
    // per recurrent layer type, its warm-up (and the kernels' compilation a Fit started meanwhile)
    private static readonly Dictionary<Type, Task> warming = [];

    // whether a model of the user's has begun a Fit, or a Predict or Evaluate: the tiny model's phases not begun by
    // then are left out (that call compiles what it reaches itself, and the tiny model would share the cores with it)
    private static volatile bool userFits,
        userPredicts;

    /// <summary>
    /// A model of the user's begins a Fit (<paramref name="training"/>) or a Predict or Evaluate. The first Fit while a
    /// warm-up is still running also compiles the kernels on another thread, the update and backward pass first,
    /// while the Fit compiles its forward pass (<see cref="KernelCompilation"/>).
    /// </summary>
    internal static void UserCall(bool training)
    {
        if (!training)
        {
            userPredicts = true;
            return;
        }
        if (userFits)
            return;
        userFits = true;
        lock (warming)
            foreach (var type in warming.Keys.ToArray())
                if (!warming[type].IsCompleted)
                    warming[type] = Task.WhenAll(
                        warming[type],
                        Task.Run(() => KernelCompilation.ForTraining(type))
                    );
    }

    private static bool Overtaken => userFits || userPredicts;

    /// <summary>
    /// Starts warming each recurrent layer type of <paramref name="layers"/> not warmed yet in this process, for a
    /// model compiled with <paramref name="loss"/> (null: not compiled yet) and <paramref name="metrics"/>.
    /// </summary>
    public static void Start(IEnumerable<Layer> layers, Loss? loss, IEnumerable<string> metrics)
    {
        string[] names = [.. metrics];
        foreach (var layer in layers)
        {
            var recurrent = layer is Bidirectional bidirectional ? bidirectional.Layer : layer;
            if (recurrent is not (Lstm or Gru or SimpleRnn))
                continue;
            bool dropout = recurrent switch
            {
                Lstm lstm => lstm.Dropout > 0 || lstm.RecurrentDropout > 0,
                Gru gru => gru.Dropout > 0 || gru.RecurrentDropout > 0,
                _ => false,
            };
            var type = recurrent.GetType();
            lock (warming)
                if (!warming.ContainsKey(type))
                    warming[type] = Task.Run(() =>
                        Kernels.Threading.RunInBackground(() => Run(type, dropout, loss, names))
                    );
        }
    }

    /// <summary>Waits for the warm-ups started so far to end.</summary>
    internal static void Wait()
    {
        Task[] all;
        lock (warming)
            all = [.. warming.Values];
        Task.WaitAll(all);
    }

    private static void Run(Type recurrentType, bool dropout, Loss? modelLoss, string[] metrics)
    {
        // 4·20 = 80 gate columns: full 32-column tiles and a narrow one; 20 columns of dweight_hh: more than one AVX2 panel
        const int Units = 20;
        double rate = dropout ? 0.1 : 0;
        Layer recurrent =
            recurrentType == typeof(Lstm) ? new Lstm(Units, dropout: rate, recurrentDropout: rate)
            : recurrentType == typeof(Gru) ? new Gru(Units, dropout: rate, recurrentDropout: rate)
            : new SimpleRnn(Units);
        var x = new Tensor(32, 4, 3); // (B, T, F)
        for (int i = 0; i < x.Length; i++)
            x.Data[i] = (i % 7) / 7f;
        var (head, loss, y) = HeadFor(modelLoss, 32);
        var model = new Sequential(seed: 0) { new Input(4, 3), recurrent, head };
        model.Compile(new Adam(), loss, metrics);
        model.IsWarmup = true;
        // a prediction in blocks of 8 rows, so that the blocks run on the threads' copies of the model as a long Predict
        // runs them; two epochs of Fit as a first Fit runs them (shuffling, the loss, the metrics); an evaluation, as
        // Fit's validation runs it
        void Predict() => model.Predict(x, batchSize: 8);
        void Fit() => model.Fit(x, y, epochs: 2, batchSize: 16, seed: 0, verbose: 0);
        void Evaluate() => model.Evaluate(x, y, batchSize: 16);
        Action[] phases = modelLoss is null ? [Predict, Fit, Evaluate] : [Fit, Predict, Evaluate];
        ParallelParts.Prepare();
        foreach (var phase in phases)
            if (!Overtaken)
                phase();
    }

    // The output layer, loss and (B) or (B, 1) targets that exercise the model's loss: its fused activation if it
    // has one; a softmax with cross-entropy for a model not compiled yet.
    private static (Layer Head, Loss Loss, Tensor Y) HeadFor(Loss? loss, int rows)
    {
        var y = new Tensor(rows);
        for (int i = 0; i < rows; i++)
            y.Data[i] = i % 2;
        return loss switch
        {
            MeanSquaredError => (new Dense(1), new MeanSquaredError(), new Tensor(y.Data, rows, 1)),
            BinaryCrossentropy { FromLogits: var logits } => (
                new Dense(1, logits ? Activation.None : Activation.Sigmoid),
                new BinaryCrossentropy(logits),
                y
            ),
            SparseCategoricalCrossentropy { FromLogits: true } => (
                new Dense(2),
                new SparseCategoricalCrossentropy(fromLogits: true),
                y
            ),
            _ => (new Dense(2, Activation.Softmax), new SparseCategoricalCrossentropy(), y),
        };
    }
}
