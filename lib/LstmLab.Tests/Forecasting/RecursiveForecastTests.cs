using LstmLab.Forecasting;
using LstmLab.Layers;
using LstmLab.Losses;
using LstmLab.Models;
using LstmLab.Optimizers;
using LstmLab.Tensors;

namespace LstmLab.Tests.Forecasting;

public class RecursiveForecastTests
{
    private static Sequential Model(int outputs)
    {
        var model = new Sequential(seed: 5) { new Input(4, 1), new Lstm(3), new Dense(outputs) };
        model.Compile(new Adam(), new MeanSquaredError());
        return model;
    }

    [Fact]
    public void Each_prediction_becomes_the_newest_input_of_the_next_step()
    {
        var model = Model(outputs: 1);
        float[] window = [0.1f, 0.4f, 0.2f, 0.7f];

        float[] forecast = RecursiveForecast.Run(model, window, steps: 3);

        // The same by hand: predict, slide the window, append.
        var history = new List<float>(window);
        for (int s = 0; s < 3; s++)
        {
            var input = new Tensor([.. history.TakeLast(4)], 1, 4, 1);
            float next = model.Predict(input).Data[0];
            Assert.Equal(next, forecast[s]);
            history.Add(next);
        }
        Assert.Equal(new[] { 0.1f, 0.4f, 0.2f, 0.7f }, window); // the caller's window is left as it was
    }

    [Fact]
    public void A_model_with_more_than_one_output_is_an_error()
    {
        var e = Assert.Throws<ArgumentException>(() =>
            RecursiveForecast.Run(Model(outputs: 2), [1f, 2f, 3f, 4f], 1)
        );
        Assert.Contains("one output per window, got (1, 2) for input (1, 4, 1)", e.Message);
    }
}
