using LstmLab.Models;
using LstmLab.Tensors;

namespace LstmLab.Analysis;

/// <summary>
/// How far back the gradient of the loss reaches in a sequence: the vanishing-gradient experiment of
/// Hochreiter (1991) and Bengio et al. (1994), measured on a model as it stands.
/// </summary>
public static class GradientFlow
{
    /// <summary>
    /// For each input step t, the norm ‖∂L_b / ∂x_b,t‖ of one sample's loss L_b with respect to its input
    /// at step t, averaged over the samples of (x (B, T, F), y). The model's compiled loss is used and dropout
    /// is off (the model as it predicts). Small values at early steps mean that what the model saw there barely
    /// changes its answer: the gradient vanished on the way back. The model's weights and gradients are left as they were.
    /// </summary>
    /// <returns>T norms, step 0 first.</returns>
    public static double[] InputGradientNorms(Sequential model, Tensor x, Tensor y)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (x.Rank != 3)
            throw new ArgumentException(
                $"The inputs must be sequences of feature vectors (B, T, F), got {Tensor.Format(x.Shape)}; "
                    + "token ids have no gradient.",
                nameof(x)
            );
        int b = x.Shape[0],
            t = x.Shape[1],
            f = x.Shape[2];
        var prediction = model.Forward(x, training: false);
        var outputGradient = new Tensor(prediction.Shape);
        model.ComputeLoss(prediction, y, outputGradient);
        var dx = model.Backward(outputGradient); // (B, T, F), of the batch's MEAN loss
        foreach (var parameter in model.Parameters)
            parameter.Gradient.Span.Clear();

        var norms = new double[t];
        for (int s = 0; s < b; s++)
        for (int step = 0; step < t; step++)
        {
            double squares = 0;
            foreach (float v in dx.Span.Slice((s * t + step) * f, f))
                squares += (double)v * v;
            // The batch loss is the mean of B sample losses, so ∂L_b/∂x_b = B · ∂L/∂x_b;
            // the average over the B samples of B · ‖∂L/∂x_b,t‖ is their plain sum.
            norms[step] += Math.Sqrt(squares);
        }
        return norms;
    }
}
