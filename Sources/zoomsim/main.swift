// Entry point: `zoomsim serve | truth | webhooks | summary`. See ZoomSimCommand.
await ZoomSimCommand.runAsRoot()
