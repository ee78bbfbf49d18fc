"""Blind red-team answers for notebook 03e: written from the prompts and setups only.

For tf_pipeline, tf_export.
Each exercise adds them to its `wrong=` and `right=`, so the contract test keeps running them.
"""

CASES: dict[str, dict[str, list[str]]] = {
    "p3.craft.tf_pipeline": {
        "wrong": [
            """\
def make_pipeline(ds, batch_size, training, seed=0):
    ds = ds.cache()
    if training:
        ds = ds.shuffle(batch_size, seed=seed)
    return ds.batch(batch_size).prefetch(1)""",
            """\
def make_pipeline(ds, batch_size, training, seed=0):
    ds = ds.batch(batch_size).cache()
    if training:
        ds = ds.shuffle(1000, seed=seed)
    return ds.prefetch(tf.data.AUTOTUNE)""",
            """\
def make_pipeline(ds, batch_size, training, seed=0):
    ds = ds.cache()
    if training:
        ds = ds.shuffle(10000, seed=seed).repeat()
    return ds.batch(batch_size).prefetch(tf.data.AUTOTUNE)""",
            """\
def make_pipeline(ds, batch_size, training, seed=0):
    ds = ds.cache().shuffle(10000, seed=seed, reshuffle_each_iteration=training)
    return ds.batch(batch_size).prefetch(tf.data.AUTOTUNE)""",
            """\
def make_pipeline(ds, batch_size, training, seed=0):
    if training:
        ds = ds.shuffle(10000, seed=seed)
    return ds.batch(batch_size).prefetch(tf.data.AUTOTUNE).cache()""",
            """\
def make_pipeline(ds, batch_size, training, seed=0):
    ds = ds.map(lambda x, y: (x / 16.0, y)).cache()
    if training:
        ds = ds.shuffle(10000, seed=seed)
    return ds.batch(batch_size).prefetch(tf.data.AUTOTUNE)""",
        ],
        "right": [
            """\
def make_pipeline(ds, batch_size, training, seed=0):
    ds = ds.cache()
    if training:
        ds = ds.shuffle(buffer_size=100_000, seed=seed)   # larger than any dataset here
    ds = ds.batch(batch_size)
    return ds.prefetch(buffer_size=tf.data.AUTOTUNE)""",
            """\
def make_pipeline(ds, batch_size, training, seed=0):
    cached = ds.cache()
    size = cached.reduce(np.int64(0), lambda n, _: n + 1)   # counts (and fills the cache)
    steps = [cached.shuffle(size, seed=seed, reshuffle_each_iteration=True)] if training else [cached]
    return steps[0].batch(batch_size, drop_remainder=False).prefetch(2)""",
        ],
    },
    "p3.craft.tf_export": {
        "wrong": [
            """\
keras.utils.set_random_seed(0)
kmodel = keras.Sequential([
    keras.Input(shape=(8, 8, 1)),
    keras.layers.Conv2D(16, 3, padding="same", activation="relu"),
    keras.layers.MaxPooling2D(2),
    keras.layers.Conv2D(32, 3, padding="same", activation="relu"),
    keras.layers.Flatten(),
    keras.layers.Dense(10),
])
kmodel.compile(optimizer=keras.optimizers.Adam(1e-2),
               loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))

kmodel.fit(train_ds, epochs=8, verbose=0)
kmodel.save(export_dir + "/model.keras")
served = (kmodel, export_dir)""",
            """\
keras.utils.set_random_seed(0)
kmodel = keras.Sequential([
    keras.Input(shape=(8, 8, 1)),
    keras.layers.Conv2D(16, 3, padding="same", activation="relu"),
    keras.layers.MaxPooling2D(2),
    keras.layers.Conv2D(32, 3, padding="same", activation="relu"),
    keras.layers.Flatten(),
    keras.layers.Dense(10),
])
kmodel.compile(optimizer=keras.optimizers.Adam(1e-2),
               loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))

kmodel.fit(train_ds, epochs=8, verbose=0)
kmodel.export(os.path.join(export_dir, "1"))
served = (kmodel, export_dir)""",
            """\
keras.utils.set_random_seed(0)
kmodel = keras.Sequential([
    keras.Input(shape=(8, 8, 1)),
    keras.layers.Conv2D(16, 3, padding="same", activation="relu"),
    keras.layers.MaxPooling2D(2),
    keras.layers.Conv2D(32, 3, padding="same", activation="relu"),
    keras.layers.Flatten(),
    keras.layers.Dense(10),
])
kmodel.compile(optimizer=keras.optimizers.Adam(1e-2),
               loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))

kmodel.fit(train_ds.take(1), epochs=8, verbose=0)
kmodel.export(export_dir)
served = (kmodel, export_dir)""",
            """\
keras.utils.set_random_seed(0)
kmodel = keras.Sequential([
    keras.Input(shape=(8, 8, 1)),
    keras.layers.Conv2D(16, 3, padding="same", activation="relu"),
    keras.layers.MaxPooling2D(2),
    keras.layers.Conv2D(32, 3, padding="same", activation="relu"),
    keras.layers.Flatten(),
    keras.layers.Dense(10),
])
kmodel.compile(optimizer=keras.optimizers.Adam(1e-2),
               loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))

kmodel.fit(train_ds, epochs=8, verbose=0)
clone = keras.models.clone_model(kmodel)
clone.export(export_dir)
served = (kmodel, export_dir)""",
            """\
keras.utils.set_random_seed(0)
kmodel = keras.Sequential([
    keras.Input(shape=(8, 8, 1)),
    keras.layers.Conv2D(16, 3, padding="same", activation="relu"),
    keras.layers.MaxPooling2D(2),
    keras.layers.Conv2D(32, 3, padding="same", activation="relu"),
    keras.layers.Flatten(),
    keras.layers.Dense(10),
])
kmodel.compile(optimizer=keras.optimizers.Adam(1e-2),
               loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))

kmodel.export(export_dir)
kmodel.fit(train_ds, epochs=8, verbose=0)
served = (kmodel, export_dir)""",
            """\
keras.utils.set_random_seed(0)
kmodel = keras.Sequential([
    keras.Input(shape=(8, 8, 1)),
    keras.layers.Conv2D(16, 3, padding="same", activation="relu"),
    keras.layers.MaxPooling2D(2),
    keras.layers.Conv2D(32, 3, padding="same", activation="relu"),
    keras.layers.Flatten(),
    keras.layers.Dense(10),
])
kmodel.compile(optimizer=keras.optimizers.Adam(1e-2),
               loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))

kmodel.fit(train_ds, epochs=8, verbose=0)
kmodel.export(export_dir)
served = (export_dir, kmodel)""",
        ],
        "right": [
            """\
keras.utils.set_random_seed(0)
kmodel = keras.Sequential([
    keras.Input(shape=(8, 8, 1)),
    keras.layers.Conv2D(16, 3, padding="same", activation="relu"),
    keras.layers.MaxPooling2D(2),
    keras.layers.Conv2D(32, 3, padding="same", activation="relu"),
    keras.layers.Flatten(),
    keras.layers.Dense(10),
])
kmodel.compile(optimizer=keras.optimizers.Adam(1e-2),
               loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))

kmodel.fit(train_ds, epochs=8, verbose=0)
tf.saved_model.save(kmodel, export_dir, signatures=tf.function(
    lambda images: {"scores": kmodel(images, training=False)},
    input_signature=[tf.TensorSpec([None, 8, 8, 1], tf.float32)]))
served = (kmodel, export_dir)""",
            """\
keras.utils.set_random_seed(3)
inputs = keras.Input(shape=(8, 8, 1))
h = keras.layers.Conv2D(32, 3, activation="relu")(inputs)
h = keras.layers.Flatten()(keras.layers.MaxPooling2D()(h))
h = keras.layers.Dense(64, activation="relu")(h)
kmodel = keras.Model(inputs, keras.layers.Dense(10)(h))
kmodel.compile(optimizer=keras.optimizers.Adam(1e-2),
               loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True), metrics=["accuracy"])
kmodel.fit(train_ds, epochs=25, verbose=0,
           callbacks=[keras.callbacks.EarlyStopping(monitor="loss", patience=3,
                                                    restore_best_weights=True)])
kmodel.export(export_dir, format="tf_saved_model")
served = (kmodel, export_dir)""",
        ],
    },
}
