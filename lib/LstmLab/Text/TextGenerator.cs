using LstmLab.Data;
using LstmLab.Layers;
using LstmLab.Models;
using LstmLab.Tensors;

namespace LstmLab.Text;

/// <summary>
/// Generates a token sequence with a trained model one step at a time, as min-char-rnn's sampling loop:
/// read the prime, draw the next token from the softmax, feed it back as the next input.
/// The model maps token ids (B, T) to per-step probabilities (B, T, V) (Embedding → stateful Lstm(returnSequences) … →
/// Dense softmax); its stateful LSTMs carry h and c from one step to the next, so each step costs one step of work.
/// </summary>
public static class TextGenerator
{
    /// <summary>
    /// <paramref name="length"/> token ids that follow <paramref name="prime"/>, each drawn with
    /// <see cref="Sampling.Draw"/> at <paramref name="temperature"/> (and <paramref name="topK"/>).
    /// The model's states are reset before and after, so training can go on from a clean state
    /// (a stateful model trained with batch size B starts a batch of 1 from zeros anyway).
    /// </summary>
    public static int[] Generate(
        Sequential model,
        IReadOnlyList<int> prime,
        int length,
        double temperature,
        Random random,
        int topK = 0
    )
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(random);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (prime.Count == 0)
            throw new ArgumentException(
                "The prime must hold at least one token to start from.",
                nameof(prime)
            );
        CheckStateful(model);
        model.ResetStates();
        var generated = new int[length];
        var input = new Tensor([.. prime.Select(id => (float)id)], 1, prime.Count);
        for (int n = 0; n < length; n++)
        {
            var output = model.Predict(input, batchSize: 1);
            if (output.Rank != 3 || output.Shape[1] != input.Shape[1])
                throw new ArgumentException(
                    $"The model must output per-step probabilities (1, T, V) for input {Tensor.Format(input.Shape)}, "
                        + $"got {Tensor.Format(output.Shape)}: use Lstm(returnSequences: true) before the Dense softmax."
                );
            int vocabulary = output.Shape[2];
            var last = output.Span.Slice((output.Shape[1] - 1) * vocabulary, vocabulary);
            generated[n] = Sampling.Draw(last, random, temperature, topK);
            input = new Tensor([generated[n]], 1, 1);
        }
        model.ResetStates();
        return generated;
    }

    /// <summary>
    /// <paramref name="length"/> characters that follow <paramref name="prime"/> (returned without the prime),
    /// drawn at <paramref name="temperature"/> with a random source seeded by <paramref name="seed"/>.
    /// </summary>
    public static string Generate(
        Sequential model,
        CharVocabulary vocabulary,
        string prime,
        int length,
        double temperature,
        int seed = 0,
        int topK = 0
    )
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        var ids = Generate(
            model,
            vocabulary.Encode(prime),
            length,
            temperature,
            new Random(seed),
            topK
        );
        return vocabulary.Decode(ids);
    }

    private static void CheckStateful(Sequential model)
    {
        var lstms = model.Layers.OfType<Lstm>().ToList();
        if (lstms.Count == 0 || lstms.Any(l => !l.Stateful))
            throw new ArgumentException(
                $"Generating one step at a time needs every Lstm layer to be stateful (Lstm(…, stateful: true)); "
                    + $"the model has {lstms.Count} Lstm layers, {lstms.Count(l => l.Stateful)} of them stateful.",
                nameof(model)
            );
        if (model.Layers.Any(l => l is SimpleRnn))
            throw new ArgumentException(
                "Generating one step at a time needs stateful recurrent layers; SimpleRnn does not carry its state.",
                nameof(model)
            );
    }
}
