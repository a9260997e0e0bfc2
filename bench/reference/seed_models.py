"""PyTorch reference for Trainyard's seed models: training speed (bench/training-throughput.ts) and
CNN accuracy on a shared dataset (bench/accuracy.ts).

Run by those benches (bench/support/pytorch-reference.ts) as
    OPENBLAS_NUM_THREADS=1 MALLOC_MMAP_THRESHOLD_=33554432 MALLOC_TRIM_THRESHOLD_=1073741824 \
        /usr/bin/python3 bench/reference/seed_models.py throughput|accuracy < request.json
It reads one JSON request on stdin, logs progress to stderr and prints one JSON result line on
stdout. It installs nothing: without PyTorch (or NumPy) it prints {"missing": "<the import error>"}
and exits 0; install them with `apt-get install -y python3-torch libopenblas0-pthread`.
torch.set_num_threads(2); with more OpenBLAS threads than 1 it runs 2-5x slower and erratically. The
malloc settings keep freed memory in the heap: otherwise a process may get its multi-MiB tensors as
fresh pages every step (about 7,400 page faults a step for the CNN at batch 128, 5x slower).

The models are the ones our code builds (read from packages/training/src), layer for layer:

CNN {type:"cnn"} on [28, 28, 1] float images, 10 classes (contracts/model-spec/cnn.ts, plan/resolve-cnn.ts,
model/create-layer.ts):
    tf.layers.conv2d(32, 3x3, strides 1, valid, relu)  -> nn.Conv2d(1, 32, 3) + relu (NCHW here, NHWC there)
    tf.layers.maxPooling2d(2x2, strides 2, valid)      -> nn.MaxPool2d(2)
    tf.layers.flatten                                  -> flatten (NCHW order: a permutation of the next
                                                          layer's input rows, same cost and parameters)
    tf.layers.dense(64, relu)                          -> nn.Linear(5408, 64) + relu
    tf.layers.dense(10, softmax)                       -> nn.Linear(64, 10) + softmax
    parameters 347,146.
RNN {type:"rnn"} on int32 token ids [100] (vocab 10000), 2 classes (plan/resolve-rnn.ts: an int32
dataset's values are the ids, no tokenizing):
    tf.layers.embedding(10000, 64)                     -> nn.Embedding(10000, 64) (dense gradient, as tfjs)
    tf.layers.lstm(64), last output only               -> nn.LSTM(64, 64, batch_first=True), h_n
    tf.layers.dense(1, sigmoid)                        -> nn.Linear(64, 1) + sigmoid
    parameters 673,089. Keras's LSTM has one bias per gate; PyTorch's has two (b_ih, b_hh): b_hh is
    held at zero and frozen, so the function and the trainable parameters are the same.
    One difference remains: tfjs's LSTM gates use its default recurrentActivation, hardSigmoid
    (clip(0.2 x + 0.5, 0, 1)); nn.LSTM's fused loop always uses sigmoid. Same shapes and matrix work;
    the gate non-linearity is an element-wise op on [batch, 192] per time step.
GAN {type:"gan"} defaults (contracts/model-spec/gan.ts, gan/plan-gan.ts, gan/build-gan.ts):
    generator z[100] -> Dense(128, relu) -> Dense(784, tanh) -> Reshape [28, 28, 1]  (114,064 parameters)
    discriminator Flatten -> Dense(128) -> LeakyReLU(alpha 0.2) -> Dense(1, sigmoid) (100,609 parameters)
    real images scaled to [-1, 1] (gan/real-image-batch.ts: min-max for float32 data).
    One round per batch (gan/train-gan.ts, gan/gan-steps.ts; dSteps = gSteps = 1):
    D step: fakes from fresh N(0, 1) noise with no gradient to G; loss (BCE(D(real), 1) +
    BCE(D(fake), 0)) / 2, two separate D passes; Adam over D's weights only.
    G step: fresh noise, BCE(D(G(z)), 1); Adam over G's weights only (D's weights get no gradient:
    requires_grad is off during the G step, as tfjs's minimize computes gradients for G's list only).
    Each network has its own optimizer. Samples/s counts real images (batch size per round).

Losses (train/resolve-loss.ts, train/score-tensors.ts): sparse categorical cross-entropy for the
10-way softmax, binary cross-entropy for the 1-unit sigmoid; probabilities are clipped to
[1e-7, 1 - 1e-7] before the log, as there (so this uses softmax/sigmoid + clipped log, not
F.cross_entropy on logits). Batch mean. Each step reads back the loss and the correct count, as
train/classification-steps.ts does.
Optimizer (train/create-optimizer.ts): tf.train.adam(lr) = beta1 0.9, beta2 0.999, epsilon 1e-7 (the
backend's float32 epsilon) -> torch.optim.Adam(lr, betas=(0.9, 0.999), eps=1e-7).
Initial weights (model/create-layer.ts, model/initialize-recurrent-weights.ts): Glorot-uniform kernels,
zero biases, embedding uniform [-0.05, 0.05], orthogonal recurrent kernel, LSTM forget-gate bias 1.
Batches are copied out of the (shuffled) dataset each step, as train/make-batch.ts does.
"""

import json
import os
import statistics
import sys
import time

try:
    import numpy as np
    import torch
    import torch.nn as nn
except ImportError as missing:
    print(json.dumps({"missing": str(missing)}), flush=True)
    sys.exit(0)

torch.set_num_threads(2)

EPSILON = 1e-7
IMAGE = (1, 28, 28)
VOCAB, SEQUENCE, EMBEDDING, UNITS = 10_000, 100, 64, 64
LATENT = 100


def log(message):
    print(message, file=sys.stderr, flush=True)


def glorot(module):
    """Keras's defaults: Glorot-uniform kernels, zero biases."""
    nn.init.xavier_uniform_(module.weight)
    nn.init.zeros_(module.bias)
    return module


class Cnn(nn.Module):
    def __init__(self, classes=10):
        super().__init__()
        self.conv = glorot(nn.Conv2d(1, 32, 3))
        self.pool = nn.MaxPool2d(2)
        self.hidden = glorot(nn.Linear(32 * 13 * 13, 64))
        self.output = glorot(nn.Linear(64, classes))

    def forward(self, x):
        x = self.pool(torch.relu(self.conv(x)))
        x = torch.relu(self.hidden(torch.flatten(x, 1)))
        return torch.softmax(self.output(x), dim=1)


class Rnn(nn.Module):
    def __init__(self):
        super().__init__()
        self.embedding = nn.Embedding(VOCAB, EMBEDDING)
        nn.init.uniform_(self.embedding.weight, -0.05, 0.05)
        self.lstm = nn.LSTM(EMBEDDING, UNITS, batch_first=True)
        nn.init.xavier_uniform_(self.lstm.weight_ih_l0)
        nn.init.orthogonal_(self.lstm.weight_hh_l0)
        with torch.no_grad():
            self.lstm.bias_ih_l0.zero_()
            self.lstm.bias_ih_l0[UNITS : 2 * UNITS] = 1.0  # gate order i, f, g, o: the forget gate
            self.lstm.bias_hh_l0.zero_()
        self.lstm.bias_hh_l0.requires_grad_(False)  # Keras has one bias per gate
        self.output = glorot(nn.Linear(UNITS, 1))

    def forward(self, ids):
        _, (h, _) = self.lstm(self.embedding(ids))
        return torch.sigmoid(self.output(h[-1])).squeeze(1)


def make_generator():
    return nn.Sequential(
        glorot(nn.Linear(LATENT, 128)), nn.ReLU(), glorot(nn.Linear(128, 784)), nn.Tanh(), nn.Unflatten(1, IMAGE)
    )


def make_discriminator():
    return nn.Sequential(
        nn.Flatten(), glorot(nn.Linear(784, 128)), nn.LeakyReLU(0.2), glorot(nn.Linear(128, 1)), nn.Sigmoid()
    )


def trainable(*modules):
    return [p for m in modules for p in m.parameters() if p.requires_grad]


def count(params):
    return sum(p.numel() for p in params)


def adam(params, lr):
    return torch.optim.Adam(params, lr=lr, betas=(0.9, 0.999), eps=EPSILON)


def categorical_loss(p, y):
    """Mean -log p[true class], p clipped to [1e-7, 1 - 1e-7]."""
    picked = p.gather(1, y.unsqueeze(1)).squeeze(1)
    return -torch.log(picked.clamp(EPSILON, 1 - EPSILON)).mean()


def binary_loss(p, y):
    """Mean binary cross-entropy, p clipped to [1e-7, 1 - 1e-7]; y a float tensor or 0/1."""
    p = p.clamp(EPSILON, 1 - EPSILON)
    if isinstance(y, (int, float)):
        return -(torch.log(p) if y == 1 else torch.log(1 - p)).mean()
    return -(y * torch.log(p) + (1 - y) * torch.log(1 - p)).mean()


class Classifier:
    """CNN or RNN: one optimizer step per batch; returns (loss, correct), read back like ours."""

    def __init__(self, model, lr, binary):
        self.model, self.binary = model, binary
        self.optimizer = adam(trainable(model), lr)
        self.params = count(trainable(model))

    def step(self, x, y):
        self.optimizer.zero_grad()
        p = self.model(x)
        if self.binary:
            loss = binary_loss(p, y.float())
            correct = ((p > 0.5).long() == y).sum()
        else:
            loss = categorical_loss(p, y)
            correct = (p.argmax(1) == y).sum()
        loss.backward()
        self.optimizer.step()
        return loss.item(), int(correct.item())


class Gan:
    """One D step and one G step per batch of real images (dSteps = gSteps = 1)."""

    def __init__(self, lr):
        self.generator, self.discriminator = make_generator(), make_discriminator()
        self.d_optimizer = adam(self.discriminator.parameters(), lr)
        self.g_optimizer = adam(self.generator.parameters(), lr)
        self.params = count(trainable(self.generator, self.discriminator))

    def step(self, real, _labels):
        size = real.shape[0]
        self.discriminator.requires_grad_(True)
        with torch.no_grad():
            fake = self.generator(torch.randn(size, LATENT))
        self.d_optimizer.zero_grad()
        p_real, p_fake = self.discriminator(real), self.discriminator(fake)
        d_loss = (binary_loss(p_real, 1) + binary_loss(p_fake, 0)) * 0.5
        d_loss.backward()
        self.d_optimizer.step()
        d_values = torch.stack([d_loss.detach(), p_real.detach().mean(), p_fake.detach().mean()]).tolist()
        self.discriminator.requires_grad_(False)
        self.g_optimizer.zero_grad()
        g_loss = binary_loss(self.discriminator(self.generator(torch.randn(size, LATENT))), 1)
        g_loss.backward()
        self.g_optimizer.step()
        return g_loss.item(), d_values[0]


def make_trainer(model, lr):
    if model == "cnn":
        return Classifier(Cnn(), lr, binary=False)
    if model == "rnn":
        return Classifier(Rnn(), lr, binary=True)
    if model == "gan":
        return Gan(lr)
    raise ValueError(f"model must be cnn, rnn or gan, got {model!r}")


def random_data(model, samples):
    """Generated in-memory data of the model's input shape (float images in [0, 1], or token ids)."""
    if model == "rnn":
        return torch.randint(0, VOCAB, (samples, SEQUENCE)), torch.randint(0, 2, (samples,))
    images = torch.rand(samples, *IMAGE)
    if model == "gan":
        images = images * 2 - 1  # min-max scaling to [-1, 1], once (ours scales while copying a batch)
    return images, torch.randint(0, 10, (samples,))


class Batches:
    """Endless batches copied out of (x, y) in a fresh random order every pass."""

    def __init__(self, x, y, batch):
        self.x, self.y, self.batch = x, y, batch
        self.order, self.next = torch.randperm(len(y)), 0

    def take(self):
        if self.next + self.batch > len(self.order):
            self.order, self.next = torch.randperm(len(self.y)), 0
        rows = self.order[self.next : self.next + self.batch]
        self.next += self.batch
        return self.x.index_select(0, rows), self.y.index_select(0, rows)


def time_run(trainer, batches, warmup, min_steps, min_seconds, max_steps):
    """Samples/s from the end of batch `warmup` to the end of the last batch, and the steps timed."""
    for _ in range(warmup):
        trainer.step(*batches.take())
    started, steps = time.perf_counter(), 0
    while steps < max_steps:
        trainer.step(*batches.take())
        steps += 1
        if steps >= min_steps and time.perf_counter() - started >= min_seconds:
            break
    return steps * batches.batch / (time.perf_counter() - started), steps


def throughput(request):
    """{configs: [{model, batch, minSteps}], runs, warmup, minSeconds, maxSteps, lr: {model: rate}}."""
    torch.manual_seed(request.get("seed", 1))
    results = []
    for config in request["configs"]:
        model, batch = config["model"], config["batch"]
        x, y = random_data(model, batch * request.get("dataBatches", 16))
        rates, steps, params = [], [], 0
        for _ in range(request["runs"]):
            trainer = make_trainer(model, request["lr"][model])
            params = trainer.params
            rate, timed = time_run(
                trainer, Batches(x, y, batch), request["warmup"], config["minSteps"], request["minSeconds"],
                max(request["maxSteps"], config["minSteps"]),
            )
            rates.append(rate)
            steps.append(timed)
        log(f"pytorch {model} batch {batch}: {statistics.median(rates):,.0f} samples/s ({rates[0]:,.0f}..., steps {steps})")
        results.append({"model": model, "batch": batch, "params": params, "samplesPerSecond": rates, "steps": steps})
    return {"torch": torch.__version__, "threads": torch.get_num_threads(), "results": results}


def accuracy(request):
    """{x, y: .npy paths; validation: .npy path of held-out indices; epochs, batch, lr, seed}."""
    torch.manual_seed(request["seed"])
    x = np.load(request["x"]).astype(np.float32)
    x = torch.from_numpy(x.reshape(len(x), 28, 28, 1).transpose(0, 3, 1, 2).copy())
    y = torch.from_numpy(np.load(request["y"]).astype(np.int64))
    held = np.zeros(len(y), dtype=bool)
    held[np.load(request["validation"])] = True
    train, validation = torch.from_numpy(np.flatnonzero(~held)), torch.from_numpy(np.flatnonzero(held))
    trainer = make_trainer("cnn", request["lr"])
    started = time.perf_counter()
    history = []
    for epoch in range(1, request["epochs"] + 1):
        order = train[torch.randperm(len(train))]
        loss_sum, correct = 0.0, 0
        for start in range(0, len(order), request["batch"]):
            rows = order[start : start + request["batch"]]
            loss, hits = trainer.step(x.index_select(0, rows), y.index_select(0, rows))
            loss_sum += loss * len(rows)
            correct += hits
        metrics = {"epoch": epoch, "loss": loss_sum / len(train), "accuracy": correct / len(train)}
        metrics.update(evaluate(trainer.model, x, y, validation, request["batch"]))
        log(f"pytorch cnn epoch {epoch}: {json.dumps(metrics)}")
        history.append(metrics)
    return {"params": trainer.params, "seconds": time.perf_counter() - started, "epochs": history}


def evaluate(model, x, y, rows, batch):
    if len(rows) == 0:
        return {}
    loss_sum, correct = 0.0, 0
    with torch.no_grad():
        for start in range(0, len(rows), batch):
            part = rows[start : start + batch]
            p, truth = model(x.index_select(0, part)), y.index_select(0, part)
            loss_sum += categorical_loss(p, truth).item() * len(part)
            correct += int((p.argmax(1) == truth).sum().item())
    return {"val_loss": loss_sum / len(rows), "val_accuracy": correct / len(rows)}


def main():
    if len(sys.argv) != 2 or sys.argv[1] not in ("throughput", "accuracy"):
        sys.exit("usage: seed_models.py throughput|accuracy < request.json")
    if os.environ.get("OPENBLAS_NUM_THREADS") != "1":
        log("warning: OPENBLAS_NUM_THREADS is not 1: PyTorch's figures will be slower and erratic")
    request = json.load(sys.stdin)
    result = throughput(request) if sys.argv[1] == "throughput" else accuracy(request)
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
