using LstmLab.Layers;
using LstmLab.Losses;
using LstmLab.Optimizers;
using LstmLab.Tensors;

namespace LstmLab.Models;

/// <summary>
/// Compiles the engine's hot paths on a background thread when the first model with a given recurrent layer is built,
/// by running two epochs of Fit and one prediction of a tiny model with that layer (4 steps, 3 features, 4 units,
/// 32 rows, so the two-thread row split runs too, and Predict's copies of the model). A fresh process otherwise spends
/// its first Fit or Predict call in .NET's JIT (about 110 methods, 30–45 ms, and 50 more, 20 ms, for the copies) and
/// in first-use costs (loading types, starting a worker thread):
/// 75–100 ms before a 50 ms inference pass. The tiny model is the warm-up's own, so the built model is untouched.
/// </summary>
internal static class KernelWarmup
{
    private static readonly HashSet<Type> started = [];

    /// <summary>Starts warming each recurrent layer type of <paramref name="layers"/> not warmed yet in this process.</summary>
    public static void Start(IEnumerable<Layer> layers)
    {
        foreach (var layer in layers)
        {
            var recurrent = layer is Bidirectional bidirectional ? bidirectional.Layer : layer;
            if (recurrent is not (Lstm or Gru or SimpleRnn))
                continue;
            lock (started)
                if (!started.Add(recurrent.GetType()))
                    continue;
            var type = recurrent.GetType();
            Task.Run(() => Run(type));
        }
    }

    private static void Run(Type recurrentType)
    {
        Layer recurrent =
            recurrentType == typeof(Lstm) ? new Lstm(4, dropout: 0.1, recurrentDropout: 0.1)
            : recurrentType == typeof(Gru) ? new Gru(4, dropout: 0.1, recurrentDropout: 0.1)
            : new SimpleRnn(4);
        var model = new Sequential(seed: 0)
        {
            new Input(4, 3),
            recurrent,
            new Dense(2, Activation.Softmax),
        };
        model.Compile(new Adam(), new SparseCategoricalCrossentropy(), "accuracy");
        model.IgnoresInterrupt = true; // a Ctrl+C meanwhile is the user's model's, not this one's
        var x = new Tensor(32, 4, 3); // (B, T, F)
        var y = new Tensor(32); // (B) class labels
        for (int i = 0; i < x.Length; i++)
            x.Data[i] = (i % 7) / 7f;
        // a prediction in blocks of 8 rows first, so that the blocks run on the threads' copies of the model as a long
        // Predict runs them (a short path, ready before a Predict right after building), then two epochs of Fit as a
        // first Fit runs them (dropout, shuffling, the metric, validation)
        model.Predict(x, batchSize: 8);
        model.Fit(x, y, epochs: 2, batchSize: 16, validationSplit: 0.25, seed: 0, verbose: 0);
    }
}
