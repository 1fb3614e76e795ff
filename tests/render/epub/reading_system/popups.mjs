// node popups.mjs <readers folder> <book.epub>: prints, as JSON, the pop-up Foliate shows for each note call.
import http from 'node:http'
import fs from 'node:fs'
import path from 'node:path'
import { createRequire } from 'node:module'

const [readers, epub] = process.argv.slice(2)
const require = createRequire(path.join(path.resolve(readers), 'package.json'))
const { chromium } = require('playwright-core')
const here = path.dirname(new URL(import.meta.url).pathname)
const files = {
  '/popup.html': path.join(here, 'popup.html'),
  '/book.epub': path.resolve(epub),
}
const types = { '.html': 'text/html', '.js': 'text/javascript', '.epub': 'application/epub+zip' }
const server = http.createServer((req, res) => {
  const url = decodeURIComponent(req.url.split('?')[0])
  const file = files[url] ?? (url.startsWith('/foliate-js/') && !url.includes('..')
    ? path.join(path.resolve(readers), 'node_modules', url) : null)
  fs.readFile(file ?? '', (err, data) => {
    if (err) { res.writeHead(404); res.end(); return }
    res.writeHead(200, { 'content-type': types[path.extname(file)] ?? 'application/octet-stream' })
    res.end(data)
  })
}).listen(0, '127.0.0.1')
await new Promise(resolve => server.once('listening', resolve))
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
         '--disable-sync', '--no-first-run'],
})
try {
  const page = await browser.newPage()
  const errors = []
  page.on('pageerror', e => errors.push(e.message))
  await page.goto(`http://127.0.0.1:${server.address().port}/popup.html`)
  await page.waitForFunction(() => window.popups)
  const popups = await page.evaluate(() => window.popups('/book.epub'))
  console.log(JSON.stringify({ popups, errors }))
} finally {
  await browser.close()
  server.close()
}
