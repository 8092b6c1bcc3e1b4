/* Build of the Excel add-in (task pane and ribbon commands), laid out as in Microsoft's
   React task-pane template (OfficeDev/Office-Addin-TaskPane-React). */
const path = require("path");
const CopyWebpackPlugin = require("copy-webpack-plugin");
const HtmlWebpackPlugin = require("html-webpack-plugin");

const urlDev = "https://localhost:3000/";
// The deployment's address: where dist/ is hosted over HTTPS. Set it before `npm run build`;
// the production manifest's URLs are rewritten from urlDev to this.
const urlProd = "https://avstem.oslo.kommune.no/";

async function getHttpsOptions() {
  // Only when serving: a production build must not need the dev certificates.
  const devCerts = require("office-addin-dev-certs");
  const httpsOptions = await devCerts.getHttpsServerOptions();
  return { ca: httpsOptions.ca, key: httpsOptions.key, cert: httpsOptions.cert };
}

/**
 * env.outputPath: build somewhere other than dist/ (the end-to-end test builds into a temp folder).
 * dist/ also holds the command line's compiled engine (tsc -p tsconfig.cli.json), which a clean keeps.
 */
module.exports = async (env = {}, options = {}) => {
  const dev = options.mode === "development";
  const serving = Boolean(env.WEBPACK_SERVE);
  const outputPath = env.outputPath ? path.resolve(env.outputPath) : path.resolve(__dirname, "dist");
  const config = {
    mode: dev ? "development" : "production",
    // Both without eval: the task pane's Content-Security-Policy allows no 'unsafe-eval'.
    devtool: "source-map",
    context: __dirname,
    entry: {
      // The only page with code: both ribbon buttons open it (manifest.xml); "Lag tabeller"
      // opens it at ?run=tables (src/commands/ribbon-request.ts). No function file, no dialog.
      taskpane: "./src/taskpane/index.tsx",
    },
    output: {
      path: outputPath,
      filename: "[name].[contenthash:8].js",
      publicPath: "auto",
      devtoolModuleFilenameTemplate: "webpack:///[resource-path]?[loaders]",
      clean: { keep: /^(cli|domain|workbook)[\\/]/ },
    },
    resolve: {
      extensions: [".ts", ".tsx", ".js"],
    },
    module: {
      rules: [
        {
          test: /\.tsx?$/,
          exclude: /node_modules/,
          use: {
            loader: "ts-loader",
            options: {
              configFile: path.resolve(__dirname, "tsconfig.json"),
              // Types are checked by `npm run typecheck`; the bundle build only transpiles.
              transpileOnly: true,
              compilerOptions: { module: "es2020", sourceMap: true },
            },
          },
        },
      ],
    },
    plugins: [
      new CopyWebpackPlugin({
        patterns: [
          { from: "assets/*.png", to: "assets/[name][ext]" },
          {
            from: "manifest.xml",
            to: "manifest.xml",
            transform(content) {
              return dev ? content : content.toString().replace(new RegExp(urlDev, "g"), urlProd);
            },
          },
        ],
      }),
      new HtmlWebpackPlugin({
        filename: "taskpane.html",
        template: "./src/taskpane/taskpane.html",
        chunks: ["taskpane"],
        scriptLoading: "defer",
      }),
      new HtmlWebpackPlugin({
        filename: "help.html",
        template: "./src/taskpane/help.html",
        chunks: [],
      }),
    ],
    performance: {
      hints: dev ? false : "warning",
      maxEntrypointSize: 1_500_000,
      maxAssetSize: 1_500_000,
    },
    devServer: {
      headers: { "Access-Control-Allow-Origin": "*" },
      port: Number(process.env.npm_package_config_dev_server_port || 3000),
      hot: false,
      ...(serving ? { server: { type: "https", options: await getHttpsOptions() } } : {}),
    },
  };
  return config;
};
