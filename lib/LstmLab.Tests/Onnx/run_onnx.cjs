// Runs an ONNX model in onnxruntime-node: node run_onnx.cjs MODEL.onnx INPUTS.json
// INPUTS.json: {"name": {"dims": [...], "data": [...]}, ...}; prints {"name": {"dims": [...], "data": [...]}, ...} for every output.
const fs = require("fs");
const ort = require("onnxruntime-node");

async function main() {
  const [modelPath, inputsPath] = process.argv.slice(2);
  const session = await ort.InferenceSession.create(modelPath, { executionProviders: ["cpu"] });
  const feeds = {};
  for (const [name, value] of Object.entries(JSON.parse(fs.readFileSync(inputsPath, "utf8"))))
    feeds[name] = new ort.Tensor("float32", Float32Array.from(value.data), value.dims);
  const results = await session.run(feeds);
  const outputs = {};
  for (const [name, tensor] of Object.entries(results))
    outputs[name] = { dims: tensor.dims.map(Number), data: Array.from(tensor.data) };
  process.stdout.write(JSON.stringify(outputs));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
