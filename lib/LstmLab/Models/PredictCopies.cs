using LstmLab.Layers;

namespace LstmLab.Models;

/// <summary>
/// Copies of a model's layers for <see cref="Sequential.Predict"/>'s other threads: each thread runs whole blocks of
/// rows through a model of its own (its own step buffers, kernels on its own thread), instead of every block's
/// steps being split over the threads. Split steps share each block's buffers between the cores; on a 2-core VM two
/// threads then ran an LSTM's step loop no faster than one, while two models side by side ran at full speed each.
/// The copies are rebuilt from the layers' descriptions when the layers change and get the model's weights at every
/// call, so they predict exactly what the model does: no layer mixes the rows of a batch in inference.
/// </summary>
internal sealed class PredictCopies
{
    private Sequential[] copies = [];
    private string description = "";

    /// <summary>
    /// <paramref name="count"/> models with the layers and current weights of <paramref name="model"/>, built for items
    /// of <paramref name="itemShape"/>.
    /// </summary>
    public Sequential[] For(Sequential model, int count, int[] itemShape)
    {
        string now = ModelDescription.Write(model.Layers) + " for " + string.Join("x", itemShape);
        if (now != description || copies.Length < count)
        {
            copies = [.. Enumerable.Range(0, count).Select(_ => Copy(model, itemShape))];
            description = now;
        }
        foreach (var copy in copies)
        {
            var from = model.Parameters;
            var to = copy.Parameters;
            for (int i = 0; i < from.Count; i++)
                from[i].Value.Span.CopyTo(to[i].Value.Span);
        }
        return copies;
    }

    private static Sequential Copy(Sequential model, int[] itemShape)
    {
        var copy = new Sequential(model.Seed);
        foreach (var layer in model.Layers)
            copy.Add(
                LayerFactory.Create(
                    DescribedLayer.Parse(layer.Description, $"layer '{layer.Name}'")
                )
            );
        copy.Build(itemShape);
        return copy;
    }
}
